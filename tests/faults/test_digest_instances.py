"""Digests hold in production: two instances run `segurfaq digest` at once, one of them is
killed with SIGKILL halfway, and the run that resumes its work sends the rest: every
follower receives exactly one message for the period."""

import signal
import subprocess
import threading
import time
from collections import Counter

import pytest

from tests.server import SEGURFAQ, free_port, own_database, segurfaq_env, segurfaq_run
from tests.smtp import Inbox, smtp_server, wait_for

pytestmark = pytest.mark.server

FOLLOWERS = 60

# Followers of the whole FAQ, confirmed two hours ago, and three doctrine changes published
# an hour ago (the test sets the clock back rather than waiting for the period to end).
SETUP = f"""
from datetime import timedelta
from django.utils import timezone
from segurfaq.faq.models import Entry
from segurfaq.faq.preparation import database_prepare
from segurfaq.faq.services import entry_save
from segurfaq.subscriptions.models import Follower

class Quiet:
    def write(self, *args):
        pass
    def flush(self):
        pass

database_prepare(out=Quiet(), content=True)
earlier = timezone.now() - timedelta(hours=2)
Follower.objects.bulk_create(
    Follower(email=f"lecteur{{n}}@example.fr", mailbox_key=f"{{n:032x}}", confirmed_at=earlier,
             covered_until=earlier)
    for n in range({FOLLOWERS})
)
for entry in Entry.objects.filter(status="published").order_by("pk")[:3]:
    entry.answer_source += "\\n\\nCette règle s'applique à partir de 2027."
    entry_save(entry=entry, content_changed=True)
Entry.history.filter(change_kind="doctrine").update(
    history_date=timezone.now() - timedelta(hours=1)
)
"""
# A claim left by the killed process expires after a while: the test moves it back.
CLAIMS_EXPIRED = """
from datetime import timedelta
from django.utils import timezone
from segurfaq.subscriptions.models import FollowerMail
FollowerMail.objects.filter(status="sending").update(
    claimed_until=timezone.now() - timedelta(seconds=1)
)
"""


class KillingInbox(Inbox):
    """Kills one instance a moment after the server has taken its tenth message (the
    instance is then between two messages, as a machine that dies mid-run)."""

    def __init__(self):
        super().__init__()
        self.victim = None

    def received(self) -> None:
        if len(self.messages) == 10 and self.victim is not None:
            threading.Timer(0.03, self.victim.send_signal, args=(signal.SIGKILL,)).start()


def test_two_instances_and_one_killed_send_each_follower_one_digest(tmp_path):
    smtp_port = free_port()
    inbox = KillingInbox()
    with own_database(tmp_path) as database_url, smtp_server(smtp_port, inbox):
        env = segurfaq_env(
            tmp_path,
            database_url,
            EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
            SEGURFAQ_PUBLIC_URL="https://faq.example.fr",
        )
        segurfaq_run(env, "shell", "-c", SETUP)
        command = [SEGURFAQ, "digest", "--rate", "10"]
        first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        inbox.victim = first
        second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first.wait(timeout=120)
        second.wait(timeout=120)
        assert first.returncode == -signal.SIGKILL
        assert second.returncode == 0, second.stderr.read().decode()[-2000:]
        segurfaq_run(env, "shell", "-c", CLAIMS_EXPIRED)
        segurfaq_run(env, "digest", "--rate", "0")
        assert wait_for(lambda: len(inbox.messages) >= FOLLOWERS, seconds=30)
        time.sleep(0.5)  # anything sent twice would have arrived by now

    recipients = Counter(str(message["To"]).strip() for message in inbox.messages)
    assert len(recipients) == FOLLOWERS
    assert set(recipients.values()) == {1}
