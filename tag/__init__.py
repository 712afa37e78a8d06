"""Tag a Document: read it once into sentences and what the whole document says about itself, then find the
mentions of each fact kind with one component per kind, in order, like the components of a spaCy pipeline.

Every component has the same signature, ``tag(tagged, ctx) -> list[<Kind>Mention]``: ``tagged`` holds the
blocks' spaCy docs, headings and sentences, ``ctx`` the partnership, reporting year and areas. Neither is
changed by a component. The spaCy rules are pattern files in ``patterns/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language

from lscp.schemas import Document, Mention

from . import figures, finance, partners, people, report, reviews, themes
from .context import build_context
from .nlp import PATTERN_SET, build_nlp, cached_nlp, load_patterns
from .segments import TaggedDocument, read

__all__ = ["COMPONENTS", "PATTERN_SET", "TaggedDocument", "Tagger", "TaggerData", "build_nlp", "load_patterns"]

# one per fact kind, run in this order; each takes (TaggedDocument, DocContext) and returns its kind's mentions
COMPONENTS = (report, figures, reviews, partners, people, themes, finance)


@dataclass(frozen=True)
class TaggerData:
    """Reference data the caller supplies: organisation names and area names, each with the id it resolves to."""

    organisations: tuple[tuple[str, str], ...] = ()  # (surface form, canonical name)
    areas: tuple[tuple[str, str], ...] = ()  # (surface form, area name)

    def patterns(self) -> tuple:
        cached = self.__dict__.get("_pattern_rows")
        if cached is None:
            cached = self._patterns()
            object.__setattr__(self, "_pattern_rows", cached)  # worked out once: the tagger asks for every document
        return cached

    def place_names(self) -> frozenset[str]:
        """Every area name and alias, lower-cased."""
        cached = self.__dict__.get("_place_names")
        if cached is None:
            cached = frozenset(surface.casefold() for surface, _ in self.areas)
            object.__setattr__(self, "_place_names", cached)
        return cached

    def _patterns(self) -> tuple:
        def rows(label: str, pairs):
            out = []
            for surface, ident in pairs:
                # abbreviations and one-word names ("MPS", "Met", "Cafcass") only as written (or in capitals): "met" is a verb
                exact = (surface.isupper() and len(surface) <= 8) or len(surface.split()) == 1 or len(surface) <= 8
                out.append((label, surface, ident, exact))
                if exact and not surface.isupper():
                    out.append((label, surface.upper(), ident, exact))
            return tuple(out)

        return (("org", rows("ORG", self.organisations)), ("area", rows("AREA", self.areas)))


@dataclass
class Tagger:
    data: TaggerData = field(default_factory=TaggerData)

    @property
    def nlp(self) -> Language:
        return cached_nlp(self.data.patterns())

    def read(self, document: Document) -> TaggedDocument:
        """The document's blocks read once into spaCy docs and sentences, for ``tag``: its ``docs`` (one per
        block) may serve other readers of the same text."""
        return read(document, self.nlp)

    def tag(self, document: Document, *, tagged: TaggedDocument | None = None) -> list[Mention]:
        """Every mention in ``document``; ``tagged``: what ``read`` gave for it, when the caller already has it."""
        if tagged is None:
            tagged = read(document, self.nlp)
        elif tagged.document is not document:
            raise ValueError("tagged is the reading of another document")
        areas = {surface.lower(): area for surface, area in self.data.areas}
        ctx = build_context(tagged, areas, self.data.place_names())
        mentions: list[Mention] = []
        for component in COMPONENTS:
            mentions += component.tag(tagged, ctx)
        return mentions
