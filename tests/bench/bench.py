#!/usr/bin/env python3
"""make bench: measure quality.md's performance table.

Every figure is the median of several runs and, where quality.md names
one, a ratio against a baseline measured in the same invocation (these
machines are shared and noisy: absolute times drift, ratios much less).
The large data set is generated once and cached by seed and schema.

Standard library only.  Prints one table; --record FILE also writes it as
Markdown with the date and the machine.
"""
import argparse
import fcntl
import glob
import hashlib
import json
import os
import platform
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

ROWS = []
START_LOAD = 0.0


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def add(figure, value, baseline, ratio, target, ok, note=""):
    ROWS.append(dict(figure=figure, value=value, baseline=baseline,
                     ratio=ratio, target=target, ok=ok, note=note))


def run_timed(argv, env=None, stdin=None, stdout=None):
    """Wall time (s), peak RSS (KiB) and CPU time (user + sys, s) of one
    process, start included."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdin=stdin or subprocess.DEVNULL,
                         stdout=stdout or subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    err = p.stderr.read().decode(errors="replace")
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stderr.close()
    if p.returncode != 0:
        raise RuntimeError(f"{argv[0]} exited {p.returncode}: {err[:300]}")
    return dt, ru.ru_maxrss, ru.ru_utime + ru.ru_stime


def peak_rss_kib(argv, env=None):
    """Peak RSS (KiB) of argv alone, read by GNU time (Debian package
    `time`, installed if missing).  ru_maxrss from our own wait4 would
    count this Python process too: a child's peak includes the image it
    was forked from, before exec, and the bench's Python grows to tens
    of MiB.  GNU time is small and forks the measured program itself."""
    gtime = shutil.which("time") or "/usr/bin/time"
    if not os.path.exists(gtime):
        subprocess.run(["apt-get", "install", "-y", "-qq", "time"],
                       check=False, stdout=subprocess.DEVNULL)
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run([gtime, "-f", "%M", "-o", out.name] + list(argv),
                       env=env, check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(out.read().split()[-1])


def load():
    return os.getloadavg()[0]


def median_pair(a_argv, b_argv, runs, env=None, before=None):
    """Alternate a and b runs so drift hits both; medians in ms of wall
    and of CPU time: (a_wall, b_wall, a_cpu, b_cpu)."""
    ta, tb, ca, cb = [], [], [], []
    for _ in range(runs):
        if before:
            before()
        w, _, c = run_timed(a_argv, env)
        ta.append(w)
        ca.append(c)
        if before:
            before()
        w, _, c = run_timed(b_argv, env)
        tb.append(w)
        cb.append(c)
    m = statistics.median
    return m(ta) * 1000, m(tb) * 1000, m(ca) * 1000, m(cb) * 1000


def schema_key(srcdir):
    h = hashlib.sha256()
    for f in sorted(glob.glob(os.path.join(srcdir, "schema", "*.sql"))):
        h.update(open(f, "rb").read())
    return h.hexdigest()[:12]


class Bench:
    def __init__(self, a):
        self.a = a
        self.env = dict(os.environ, TZ="UTC", TERMPSA_USER="bench",
                        HOME=a.datadir, XDG_CONFIG_HOME=a.datadir + "/cfg")
        self.env.pop("TERMPSA_DB", None)
        self.env.pop("TERMPSA_NOW", None)
        os.makedirs(a.datadir, exist_ok=True)

    def tp(self, db, *args):
        return [self.a.termpsa, "--db", db] + list(args)

    # -- data sets -------------------------------------------------------
    def dataset(self, scale, label):
        key = schema_key(self.a.srcdir)
        db = os.path.join(self.a.datadir, f"{label}-s{self.a.seed}-{key}.db")
        meta = db + ".json"
        if os.path.exists(db) and os.path.exists(meta):
            return db, json.load(open(meta)), True
        for f in glob.glob(db + "*"):
            os.unlink(f)
        log(f"generating {label} data set ({scale} tickets, load "
            f"{load():.1f})...")
        la = load()
        dt, rss, cpu = run_timed(self.tp(db, "demo", "--scale", str(scale),
                                         "--seed", str(self.a.seed)),
                                 self.env)
        rows = int(subprocess.run(
            [self.a.sqlite3, db, "SELECT (SELECT count(*) FROM tickets) + "
             "(SELECT count(*) FROM time_entries) + (SELECT count(*) FROM "
             "assets) + (SELECT count(*) FROM invoices) + (SELECT count(*) "
             "FROM clients)"], capture_output=True, text=True,
            check=True).stdout.strip())
        info = dict(seconds=dt, cpu=cpu, rows=rows, rss_kib=rss,
                    load=max(la, load()),
                    date=time.strftime("%Y-%m-%d %H:%M", time.gmtime()))
        json.dump(info, open(meta, "w"))
        return db, info, False

    # -- CLI figures -----------------------------------------------------
    def traced_sql(self, db, args, picks):
        """The statements termpsa ran for args that contain one of picks,
        in the order it ran them, with their values inlined (FTS5's own
        statements on its shadow tables left out: the shell makes them
        too).  The last pick must be among them."""
        trace = os.path.join(self.a.datadir, "trace.log")
        if os.path.exists(trace):
            os.unlink(trace)
        env = dict(self.env, TERMPSA_TRACE_SQL=trace)
        subprocess.run(self.tp(db, *args), env=env, check=True,
                       stdout=subprocess.DEVNULL)
        got = []
        for line in open(trace, encoding="utf-8", errors="replace"):
            sql = line.rstrip("\n").partition("\t")[2]
            if "'main'." not in sql and any(p in sql for p in picks):
                got.append(sql)
        if not any(picks[-1] in q for q in got):
            raise RuntimeError(f"no statement with {picks[-1]!r} in the "
                               "trace")
        return ";\n".join(got)

    def cli_vs_shell(self, figure, db, args, picks):
        """termpsa against the shell running the very statements termpsa
        ran; both as whole processes.  The target is on wall time; CPU
        time is shown too (on a loaded machine it is the steadier one)."""
        sql = self.traced_sql(db, args, picks)
        shell = [self.a.sqlite3, db, sql]
        run_timed(self.tp(db, *args), self.env)   # warm the page cache
        run_timed(shell, self.env)
        a, b, ca, cb = median_pair(self.tp(db, *args), shell, self.a.runs,
                                   self.env)
        ratio = a / b
        add(figure, f"{a:.2f} ms (cpu {ca:.2f})",
            f"{b:.2f} ms (cpu {cb:.2f}, sqlite3 shell)",
            f"{ratio:.2f}x (cpu {ca / cb:.2f}x)", "<= 1.5x", ratio <= 1.5)

    def dashboard(self, db):
        def cold():
            # termpsa leaves the WAL in place when it closes; the shell
            # must too, or each run would pay for a new WAL file that no
            # sequence of termpsa commands ever makes it create.
            subprocess.run([self.a.sqlite3, db,
                            ".dbconfig no_ckpt_on_close on",
                            "DELETE FROM cache"], check=True,
                           stdout=subprocess.DEVNULL)
        ts, cs = [], []
        for i in range(self.a.runs):
            cold()
            # A different client each run: nothing from the last one
            # helps (the clients of the large set are 1..2000).
            cid = 1 + (6 + 97 * i) % self.clients(db)
            w, _, c = run_timed(self.tp(db, "client", "show", str(cid),
                                        "--json"), self.env)
            ts.append(w * 1000)
            cs.append(c * 1000)
        m, mc = statistics.median(ts), statistics.median(cs)
        add("`client show ID --json` (cold cache)",
            f"{m:.2f} ms (cpu {mc:.2f})", "", "", "< 20 ms", m < 20)

    def clients(self, db):
        return int(subprocess.run([self.a.sqlite3, db, "SELECT count(*) "
                                   "FROM clients"], capture_output=True,
                                  text=True, check=True).stdout.strip())

    # -- UI figures ------------------------------------------------------
    def ui(self, db):
        ui = PtyUI(self.tp(db), self.env)
        try:
            first = ui.first_frame()
            if ui.exited():
                for f, t in (("UI: start to first full frame", "< 100 ms"),
                             ("UI: one keystroke handled and drawn "
                              "(p50 / p99)", "p99 < 5 ms"),
                             ("UI: bytes to move down one row (80x24)",
                              "< 300 B"),
                             ("UI: peak RSS after scrolling the whole "
                              "queue", "< 32 MiB")):
                    add(f, "n/a", "the curses UI is not built", "", t, None)
                return
            add("UI: start to first full frame", f"{first:.1f} ms", "", "",
                "< 100 ms", first < 100)
            moves = [ui.key(b"j") for _ in range(200)]
            pages = [ui.key(b"\x1b[6~") for _ in range(50)]
            ui.key(b"/")
            chars = [ui.key(c.encode()) for c in "printer"]
            ui.key(b"\x1b")
            lat = sorted(t for t, _ in moves + pages + chars)
            p50 = lat[len(lat) // 2]
            p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
            add("UI: one keystroke handled and drawn (p50 / p99)",
                f"{p50:.2f} / {p99:.2f} ms", "", "", "p99 < 5 ms", p99 < 5)
            # A search's rows are read beside the keystrokes (the row above
            # times the keystrokes): how long a typed word takes to show
            # its rows, for the record (a word not searched before, so no
            # page of its index is in the cache yet).
            ui.key(b"/")
            t = time.perf_counter()
            os.write(ui.fd, b"network")
            _, last = ui.read_until_quiet(quiet=0.3)
            ui.key(b"\x1b")
            add("UI: a typed word's search rows on screen (cold)",
                f"{((last or t) - t) * 1000:.0f} ms", "", "", "", "info",
                "no target in quality.md")
            down = statistics.median(n for _, n in moves[20:])
            full = statistics.median(ui.key(b"\x0c")[1] for _ in range(5))
            add("UI: bytes to move down one row (80x24)", f"{down:.0f} B",
                f"{full:.0f} B (full redraw)", f"{down / full:.2f}x",
                "< 300 B", down < 300)
            ui.scroll_all(self.a.scroll_seconds)
            rss = ui.peak_rss_kib() / 1024
            add("UI: peak RSS after scrolling the whole queue",
                f"{rss:.1f} MiB", "", "", "< 32 MiB", rss < 32)
        finally:
            ui.close()

    # -- taskwarrior -----------------------------------------------------
    def taskwarrior(self):
        task = shutil.which("task")
        if task is None:
            log("installing taskwarrior (Debian package)...")
            subprocess.run(["apt-get", "install", "-y", "-qq",
                            "taskwarrior"], check=False,
                           stdout=subprocess.DEVNULL)
            task = shutil.which("task")
        if task is None:
            add("100k list vs taskwarrior", "n/a", "taskwarrior missing",
                "", ">= 100x faster, >= 10x less memory", False)
            return
        tdir = os.path.join(self.a.datadir, f"task-100k-s{self.a.seed}")
        rc = os.path.join(tdir, "taskrc")
        if not os.path.exists(os.path.join(tdir, "done")):
            shutil.rmtree(tdir, ignore_errors=True)
            os.makedirs(tdir)
            open(rc, "w").write(f"data.location={tdir}/data\n"
                                "confirmation=off\nverbose=nothing\n"
                                "gc=off\nhooks=off\n")
            log("importing 100,000 tasks into taskwarrior...")
            tasks = [dict(description=f"Ticket {i} printer offline at "
                          f"site {i % 97}", status="pending",
                          project=f"client{i % 200}",
                          entry="20260101T000000Z")
                     for i in range(100000)]
            path = os.path.join(tdir, "tasks.json")
            json.dump(tasks, open(path, "w"))
            subprocess.run([task, f"rc:{rc}", "import", path], check=True,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL,
                           env=dict(self.env, TASKRC=rc))
            open(os.path.join(tdir, "done"), "w").write("ok\n")
        db, _, _ = self.dataset(100000, "t100k")
        tenv = dict(self.env, TASKRC=rc)
        tt, tm = [], []
        pt, pm = [], []
        t_argv = [task, f"rc:{rc}", "limit:50", "list"]
        p_argv = self.tp(db, "ticket", "list", "--limit", "50")
        for _ in range(max(3, self.a.runs // 3)):
            tt.append(run_timed(t_argv, tenv)[0])
            tm.append(peak_rss_kib(t_argv, tenv))
            pt.append(run_timed(p_argv, self.env)[0])
            pm.append(peak_rss_kib(p_argv, self.env))
        t_task, t_tp = statistics.median(tt), statistics.median(pt)
        m_task, m_tp = statistics.median(tm), statistics.median(pm)
        speed, mem = t_task / t_tp, m_task / m_tp
        add("100k list vs taskwarrior `task limit:50 list`",
            f"{t_tp * 1000:.1f} ms, {m_tp / 1024:.1f} MiB",
            f"{t_task * 1000:.0f} ms, {m_task / 1024:.0f} MiB",
            f"{speed:.0f}x faster, {mem:.1f}x less memory",
            ">= 100x faster, >= 10x less memory",
            speed >= 100 and mem >= 10)

    # -- sync ------------------------------------------------------------
    def sync(self):
        script = os.path.join(self.a.srcdir, "tests", "bench", "sync_bench.sh")
        if not os.path.exists(script):
            add("sync push, loopback test server, one connection", "n/a",
                "tests/bench/sync_bench.sh not on this branch yet", "",
                ">= 1,000 records/s", None)
            return
        out = subprocess.run(["sh", script], env=dict(
            self.env, TERMPSA=self.a.termpsa, top_srcdir=self.a.srcdir,
            N=str(self.a.sync_records)), capture_output=True, text=True)
        try:
            res = json.loads(out.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            add("sync push, loopback, one connection", "error",
                out.stderr.strip()[-200:], "", ">= 1,000 records/s", False)
            return
        rate, ceil = res["records_per_s"], res["ceiling_per_s"]
        add("sync push, loopback test server, one connection",
            f"{rate:.0f} records/s", f"{ceil:.0f} req/s (plain HTTP client)",
            f"{rate / ceil:.2f}x", ">= 1,000 records/s", rate >= 1000)


class PtyUI:
    """The real binary in a pseudo-terminal, timed from outside."""

    def __init__(self, argv, env):
        env = dict(env, TERM="xterm-256color", ESCDELAY="25")
        self.t0 = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ,
                    struct.pack("HHHH", 24, 80, 0, 0))

    def read_until_quiet(self, quiet=0.03, limit=10.0):
        """Bytes until the program is quiet; time of the last byte."""
        n, last = 0, None
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            r, _, _ = select.select([self.fd], [], [], quiet)
            if not r:
                if last is not None:
                    break
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                break
            if not data:
                break
            n += len(data)
            last = time.perf_counter()
        return n, last

    def first_frame(self):
        _, last = self.read_until_quiet(quiet=0.15)
        return ((last or time.perf_counter()) - self.t0) * 1000

    def key(self, k):
        t = time.perf_counter()
        os.write(self.fd, k)
        n, last = self.read_until_quiet()
        return ((last or t) - t) * 1000, n

    def scroll_all(self, seconds):
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            os.write(self.fd, b"\x1b[6~" * 20)
            n, _ = self.read_until_quiet(quiet=0.05)
            if n == 0:
                break

    def exited(self):
        """True when the program has already ended (no UI to measure)."""
        for _ in range(5):
            try:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return True
            if pid == self.pid:
                self.pid = None
                return True
            time.sleep(0.1)
        return False

    def peak_rss_kib(self):
        for line in open(f"/proc/{self.pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def close(self):
        if self.pid is None:
            os.close(self.fd)
            return
        try:
            os.write(self.fd, b"Q")
            time.sleep(0.2)
            os.kill(self.pid, signal.SIGTERM)
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.fd)


def table():
    head = ["figure", "value", "baseline", "ratio", "target", "result"]
    lines = ["| " + " | ".join(head) + " |",
             "| " + " | ".join("---" for _ in head) + " |"]
    for r in ROWS:
        lines.append("| " + " | ".join([
            r["figure"], r["value"], r["baseline"], r["ratio"], r["target"],
            {True: "pass", False: "FAIL", None: "n/a", "info": "info"}[r["ok"]] +
            (f" ({r['note']})" if r["note"] else "")]) + " |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--termpsa", required=True)
    p.add_argument("--srcdir", required=True)
    p.add_argument("--datadir", required=True)
    p.add_argument("--sqlite3", default="sqlite3")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--scale", default="large")
    p.add_argument("--scroll-seconds", type=float, default=90)
    p.add_argument("--sync-records", type=int, default=5000)
    p.add_argument("--only", default="",
                   help="comma list: generate,cli,dashboard,ui,task,sync")
    p.add_argument("--record", default="")
    a = p.parse_args()
    a.datadir = os.path.abspath(a.datadir)
    global START_LOAD
    START_LOAD = load()
    only = set(filter(None, a.only.split(",")))
    want = lambda k: not only or k in only  # noqa: E731
    b = Bench(a)

    db, info, cached = b.dataset(a.scale, a.scale)
    if want("generate"):
        secs = info["seconds"]
        cpu = info.get("cpu")
        note = []
        if cached:
            note.append(f"generated {info.get('date', 'earlier')}, cached")
        if info.get("load") is not None:
            note.append(f"load {info['load']:.1f} on {os.cpu_count()} cores")
        add(f"generate {a.scale}",
            f"{secs:.1f} s" + (f" (cpu {cpu:.1f} s)" if cpu else ""),
            f"{info['rows'] / secs:,.0f} rows/s", "", "< 60 s", secs < 60,
            ", ".join(note))
    if want("cli"):
        b.cli_vs_shell("`ticket list --limit 50` (open, newest)", db,
                       ["ticket", "list", "--limit", "50"], ["SELECT t.id"])
        # A search looks its word's terms up, counts the matches up to
        # where walking the list beats ordering them, then reads the page.
        b.cli_vs_shell("`ticket list --search WORD --limit 50`", db,
                       ["ticket", "list", "--search", "printer", "--limit",
                        "50"], ["FROM search_terms",
                                "max(id), 0) FROM tickets",
                                "FROM (SELECT 1 FROM tickets_fts",
                                "SELECT t.id"])
        # One search box: each kind's terms, then its ranked window.
        b.cli_vs_shell("`search WORD` (every kind, ranked)", db,
                       ["search", "printer"],
                       ["FROM search_terms", "ORDER BY m.rank"])
        # A three-term filter (termpsa(1) FILTERS): its terms are bound
        # into ticket_list's one statement, which the shell runs too.
        b.cli_vs_shell("`ticket list status:open,waiting pri:high+ "
                       "assignee:none` (three terms)", db,
                       ["ticket", "list", "status:open,waiting", "pri:high+",
                        "assignee:none", "--limit", "50"], ["SELECT t.id"])
    if want("dashboard"):
        b.dashboard(db)
    if want("ui"):
        b.ui(db)
    if want("sync"):
        b.sync()
    if want("task"):
        b.taskwarrior()

    out = table()
    print(out)
    if a.record:
        with open(a.record, "w") as f:
            f.write("# termpsa bench results\n\n")
            f.write(f"Recorded {time.strftime('%Y-%m-%d', time.gmtime())} "
                    f"on {platform.node() or 'this machine'} "
                    f"({os.cpu_count()} cores, {platform.machine()}), "
                    f"seed {a.seed}, median of {a.runs} runs.  Load "
                    f"average {START_LOAD:.1f} at the start, {load():.1f} "
                    f"at the end (the machine is shared).\n\n")
            f.write(out + "\n\n")
            f.write("Every CLI figure is a whole process, start included; "
                    "\"cpu\" is its user + system time, the steadier "
                    "figure on a loaded machine.  n/a: not measurable on "
                    "this branch yet (the row says why).\n")
    return 0 if all(r["ok"] is not False for r in ROWS) else 1


if __name__ == "__main__":
    sys.exit(main())
