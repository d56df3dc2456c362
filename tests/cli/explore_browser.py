"""The explorer in headless Chromium, driven like a user: load the page, choose events, go back and
forward, undo a step, reload a state from its URL, see the path drawn, open a trace, check from a state and
follow the counterexample it finds. Prints one line per check (PASS/FAIL) and exits 1 if any failed.
Usage: explore_browser.py CHROMIUM WEFT WORKDIR ARTEFACTS TRACE"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from cdp import Browser  # noqa: E402

chromium, weft, work, artefacts, trace = sys.argv[1:6]
failures = 0


def check(ok, what):
    global failures
    print(("PASS: " if ok else "FAIL: ") + what)
    failures += 0 if ok else 1


server = subprocess.Popen([weft, "explore", "ping_pong", "--set", "accept_stale_pong=1", "--set", "duplicates=1",
                           "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
try:
    line = server.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    check(match is not None, "the explorer says where it listens: " + line.strip())
    if not match:
        sys.exit(1)
    base = f"http://127.0.0.1:{match.group(1)}/"
    with Browser(chromium, os.path.join(work, "cdp-profile")) as browser:
        page = browser.page()
        page.call("Page.enable")
        page.go(base)
        page.wait("document.body.dataset.loaded == '1'")
        path = lambda: page.eval("document.body.dataset.path")  # noqa: E731

        def fresh(url):  # a new document, not a change of fragment
            page.go("about:blank")
            page.wait("location.href == 'about:blank'")
            page.go(url)
        check(path() == "0", "the page opens at the initial state")
        enabled = page.eval("document.querySelectorAll('#events button:not([disabled])').length")
        check(enabled > 0, f"the initial state offers {enabled} events")
        click = "document.querySelector('#events button:not([disabled])').click()"
        page.eval(click)
        page.wait("(document.body.dataset.path || '').split('.').length == 2")
        first = path()
        page.eval(click)
        page.wait("(document.body.dataset.path || '').split('.').length == 3")
        second = path()
        check(second.startswith(first + "."), f"two events chosen: {first} then {second}")
        check(page.eval("document.querySelectorAll('#path a[data-step]').length") == 3, "the path lists both steps")
        page.eval("document.getElementById('back').click()")
        page.wait(f"document.body.dataset.path == '{first}'")
        check(True, "back returns to the state before")
        page.eval("document.getElementById('forward').click()")
        page.wait(f"document.body.dataset.path == '{second}'")
        check(True, "forward goes there again")
        page.eval("document.getElementById('up').click()")
        page.wait(f"document.body.dataset.path == '{first}'")
        check(True, "undo drops the last step")
        fresh(base + "#" + second)
        page.wait(f"document.body.dataset.path == '{second}' && document.body.dataset.loaded == '1'")
        check(True, "the URL names the state: a fresh load of it shows it")
        page.wait("(() => { const d = document.getElementById('diagram').contentDocument;"
                  " return d && d.body && d.body.dataset.rendered == '2'; })()")
        check(True, "the path is drawn as a sequence diagram of 2 steps")
        text = open(trace).read()
        steps = len(json.loads(text)["steps"])
        opened = page.eval(f"openTraceText({json.dumps(text)})")
        page.wait(f"document.body.dataset.path == '{opened}'")
        check(opened.count(".") == steps, f"an opened trace of {steps} steps is the path {opened}")
        check(page.eval("document.querySelectorAll('#properties li[data-value=\"false\"]').length") >= 1,
              "at the trace's end its property is false")
        fresh(base + "#0")
        page.wait("document.body.dataset.path == '0' && document.body.dataset.loaded == '1'")
        page.eval("document.getElementById('depth').value = '30'; document.getElementById('check').click()")
        page.wait("document.getElementById('check-result') !== null", timeout=60)
        check(page.eval("document.querySelectorAll('#check-result tr[data-verdict=\"fails\"]').length") >= 1,
              "a check from the initial state finds the bug")
        page.eval("document.querySelector('#check-result a.found').click()")
        page.wait("document.body.dataset.path != '0'")
        page.wait("document.querySelectorAll('#properties li[data-value=\"false\"]').length >= 1")
        check(True, "its counterexample link leads to a state that breaks the property")
        page.screenshot(os.path.join(artefacts, "explorer.png"))
        check(os.path.getsize(os.path.join(artefacts, "explorer.png")) > 10000, "the screenshot of the explorer")
        error = page.eval("document.body.dataset.error || ''")
        check(error == "", "no script or API error: " + error)
except Exception as e:  # a wait that timed out, a browser that died: one failure, named
    check(False, f"{type(e).__name__}: {e}")
finally:
    server.kill()
    server.wait()
sys.exit(1 if failures else 0)
