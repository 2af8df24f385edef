"""Take the README's screenshots of the pages as a reader sees them.

Starts `segurfaq serve` on a throwaway database with the default content, then drives
Debian's chromium (`apt-get install chromium`) through Playwright.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PAGES = [
    ("liste", "/"),
    ("liste-filtree", "/?couloir=hopital&produit=ins"),
    ("reponse", "/questions/creer-l-ins-d-un-nouveau-ne/"),
    ("recherche", "/?q=comment+creer+l%27ins+d%27un+bebe"),
    ("poser-une-question", "/poser-une-question/?q=tarif+de+la+maintenance&couloir=hopital"),
]
VIEWPORTS = {"bureau": (1280, 900), "mobile": (390, 844)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("Le serveur s'est arrêté au démarrage : lancez « segurfaq serve » pour voir.")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"Le serveur ne répond pas sur {url} après {timeout:.0f} s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots", help="Dossier des captures.")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} est absent : installez-le avec « apt-get install chromium ».")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="segurfaq-screens-") as data_dir:
        env = {**os.environ, "SEGURFAQ_DATA_DIR": data_dir}
        env.pop("DATABASE_URL", None)
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "segurfaq", "serve", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            print(f"Démarrage du service sur {base}…")
            wait_until_up(base + "/", server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                total = len(PAGES) * len(VIEWPORTS)
                done = 0
                for device, (width, height) in VIEWPORTS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    for name, path in PAGES:
                        page.goto(base + path)
                        page.wait_for_load_state("networkidle")
                        target = out / f"{name}-{device}.png"
                        page.screenshot(path=str(target))
                        done += 1
                        print(f"[{done}/{total}] {target}")
                    page.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
