"""Running the real poller for one round from a test."""

from __future__ import annotations

import asyncio
from pathlib import Path

from crisis_tui.config import Settings
from crisis_tui.poller import Poller, RoundSummary


def poll_round(settings: Settings, db_path: Path) -> RoundSummary:
    """One `poll --once` round in this process, with the poller started and closed around it."""

    async def main():
        poller = Poller(db_path, settings)
        await poller.start()
        try:
            return await poller.poll_once()
        finally:
            await poller.close()

    return asyncio.run(main())
