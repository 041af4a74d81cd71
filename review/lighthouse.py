"""`make lighthouse`: Lighthouse (mobile) on the public pages of a production-like server.

Lighthouse comes from the npm registry into review/.lighthouse/ (the make target installs the
pinned version there; nothing else downloads it) and drives Debian's Chromium. Reports go to
review/lighthouse/ (ignored by git); the scores are printed, with every audit that cost a
point.
"""

import json
import subprocess
import sys
from pathlib import Path

from review.pages import public_pages
from review.site import served

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"
OUT = HERE / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def audit(url, name, attempts=3):
    """Lighthouse's report on one page. Its trace recording sometimes fails (NO_NAVSTART) on a
    busy machine: tried again, a bounded number of times."""
    report = OUT / f"{name}.json"
    for attempt in range(1, attempts + 1):
        try:
            run_lighthouse(url, report)
            break
        except subprocess.CalledProcessError:
            if attempt == attempts:
                raise
    return json.loads(report.read_text())


def run_lighthouse(url, report):
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-path=/usr/bin/chromium",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        check=True,
        timeout=180,
    )


def lost_points(result):
    """The audits that cost a category points, as 'category: audit title (score)'."""
    lost = []
    for key in CATEGORIES:
        category = result["categories"][key]
        for ref in category["auditRefs"]:
            found = result["audits"][ref["id"]]
            if ref["weight"] and found["score"] is not None and found["score"] < 1:
                lost.append(f"{category['title']}: {found['title']} ({found['score']:.2f})")
    return lost


def main():
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make lighthouse`.")
    OUT.mkdir(exist_ok=True)
    rows, problems = [], []
    only = set(sys.argv[1:])  # page names, to look at a few
    with served() as base_url:
        for name, path in public_pages(base_url):
            if only and name not in only:
                continue
            result = audit(base_url + path, name)
            scores = [round(result["categories"][key]["score"] * 100) for key in CATEGORIES]
            rows.append((name, path, scores))
            problems += [f"{name}: {line}" for line in lost_points(result)]
    print("\n| page | performance | accessibility | best practices | SEO |")
    print("|---|---:|---:|---:|---:|")
    for name, _, scores in rows:
        print(f"| {name} | " + " | ".join(str(score) for score in scores) + " |")
    if problems:
        print("\nWhat cost points:\n" + "\n".join(f"- {line}" for line in problems))


if __name__ == "__main__":
    main()
