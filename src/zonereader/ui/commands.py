"""The command palette's list of actions: every key binding, searchable by what it does."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from zonereader.ui.keymap import KEY_SPECS, effective_keys

#: Actions the palette offers (cursor movement is left to the keys).
PALETTE_SCOPES = ("screen", "list")


class ActionsProvider(Provider):
    """Offers every screen action with its current keys as help."""

    def _entries(self) -> list[tuple[str, str, str]]:
        keymap = self.app._keymap
        entries = []
        for spec in KEY_SPECS:
            if spec.scope in PALETTE_SCOPES and not spec.action.startswith("app.focus"):
                entries.append((spec.description, spec.action, effective_keys(spec, keymap)))
        return entries

    async def _run(self, action: str) -> None:
        screen = self.screen
        if action.startswith("app."):
            await self.app.run_action(action[4:])
        elif action == "open":
            await screen.run_action("open", screen.query_one("ArticleList"))
        else:
            await screen.run_action(action)

    async def discover(self) -> Hits:
        """Everything, when nothing is typed yet."""
        for description, action, keys in self._entries():
            yield DiscoveryHit(description, partial(self._run, action), help=f"key: {keys}")

    async def search(self, query: str) -> Hits:
        """Actions whose description matches what was typed."""
        matcher = self.matcher(query)
        for description, action, keys in self._entries():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(description),
                    partial(self._run, action),
                    help=f"key: {keys}",
                )
