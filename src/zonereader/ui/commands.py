"""The command palette's list of actions: every key binding, searchable by what it does."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from zonereader.ui.keymap import KEY_SPECS, KeySpec, effective_keys, keymap_in_effect

#: Actions the palette offers (cursor movement is left to the keys).
PALETTE_SCOPES = ("screen", "list")


def palette_specs() -> list[KeySpec]:
    """The key table's entries the palette lists, in the help screen's order."""
    return [
        spec
        for spec in KEY_SPECS
        if spec.scope in PALETTE_SCOPES and not spec.action.startswith("app.focus")
    ]


class ActionsProvider(Provider):
    """Offers every screen action with its current keys as help."""

    def _entries(self) -> list[tuple[KeySpec, str]]:
        keymap = keymap_in_effect(self.app)
        return [(spec, effective_keys(spec, keymap)) for spec in palette_specs()]

    async def _run(self, spec: KeySpec) -> None:
        """Run ``spec``'s action where its key would: the app, the article list or the screen."""
        if spec.action.startswith("app."):
            await self.app.run_action(spec.action.removeprefix("app."))
        elif spec.scope == "list":
            from zonereader.ui.widgets.article_list import ArticleList

            await self.screen.query_one(ArticleList).run_action(spec.action)
        else:
            await self.screen.run_action(spec.action)

    async def discover(self) -> Hits:
        """Everything, when nothing is typed yet."""
        for spec, keys in self._entries():
            yield DiscoveryHit(spec.description, partial(self._run, spec), help=f"key: {keys}")

    async def search(self, query: str) -> Hits:
        """Actions whose description matches what was typed."""
        matcher = self.matcher(query)
        for spec, keys in self._entries():
            score = matcher.match(spec.description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(spec.description),
                    partial(self._run, spec),
                    help=f"key: {keys}",
                )
