"""Words and sentences about battery raw materials, assembled at random for ``seed_bulk``.

Sentences are drawn from a pool built once per run, so a hundred thousand bodies cost little time
while every body still differs and full-text search has real vocabulary to rank.
"""

import random
from dataclasses import dataclass

MATERIALS = [
    "lithium", "cobalt", "nickel", "manganese", "natural graphite", "synthetic graphite", "silicon", "copper",
    "aluminium", "rare earths", "vanadium", "phosphate", "black mass", "lithium hydroxide", "lithium carbonate",
    "cathode active material", "precursor cathode active material", "spodumene", "lepidolite", "nickel sulphate",
]  # fmt: skip
PROCESSES = [
    "direct lithium extraction", "hydrometallurgical recycling", "pyrometallurgical smelting", "bioleaching",
    "solvent extraction", "froth flotation", "geothermal brine processing", "ion exchange", "roasting",
    "electrowinning", "mechanical pre-treatment", "automated dismantling", "sensor-based sorting",
    "life-cycle assessment", "tailings valorisation", "geological mapping", "refining", "selective precipitation",
    "membrane separation", "deep eutectic solvent leaching",
]  # fmt: skip
FEEDS = [
    "spent electric-vehicle batteries", "production scrap", "mine tailings", "geothermal brines", "low-grade ore",
    "portable batteries", "slag", "process water", "end-of-life cells", "black mass from shredded modules",
]  # fmt: skip
PLACES = [
    "the Upper Rhine Graben", "Cornwall", "northern Portugal", "Finnish Lapland", "Bergslagen", "the Jadar valley",
    "Andalusia", "Bavaria", "Lower Silesia", "the Massif Central", "Styria", "Norrbotten", "Sardinia", "Flanders",
]  # fmt: skip
ACTORS = [
    "The consortium", "Our partners", "The pilot-plant team", "Researchers at the coordinating university",
    "Industrial partners", "The hub's working group", "Two start-ups in the project", "The geological survey",
    "Engineers on site", "The recycling partners",
]  # fmt: skip
RESULTS = [
    "recovers {pct}% of the {material}", "cuts the energy demand by {pct}%", "lowers reagent use by {pct}%",
    "reaches battery-grade {material} at {pct}% yield", "halves the water footprint", "removes {pct}% of impurities",
    "doubles the throughput of the line", "keeps the carbon footprint below the EU benchmark",
]  # fmt: skip
TEMPLATES = [
    "{actor} tested a {process} route that {result} from {feed}.",
    "{actor} presented first results on {process} for {material} from {place}.",
    "In {place}, {process} of {feed} {result}, according to measurements taken over {n} weeks.",
    "The next campaign scales {process} to {n} tonnes of {feed} per day.",
    "Compared with conventional {process2}, the new flowsheet {result}.",
    "{actor} compared {n} samples of {material} and found that {process} {result}.",
    "A techno-economic study shows that {process} of {feed} pays off above {n} tonnes a year.",
    "Critical raw materials such as {material} remain a priority under the Critical Raw Materials Act.",
    "Permitting a site in {place} took {n} months, which the partners discussed with regional authorities.",
    "The life-cycle inventory for {material} now covers {process} and {process2}.",
    "Social acceptance of mining in {place} was the theme of {n} community meetings.",
    "{actor} shared open data on {material} flows in Europe, from {feed} to refined products.",
]  # fmt: skip
HEADINGS = [
    "Why it matters", "What we measured", "Next steps", "Results so far", "How the process works",
    "Working with the cluster", "Open questions", "Background",
]  # fmt: skip
TITLES = [
    "{acronym} pilot {result_short} from {feed}", "Workshop report: {process} in {place}",
    "{acronym} publishes a study on {material} supply", "New method for {process} of {material}",
    "{acronym} and partners scale up {process}", "Field campaign in {place} maps {material} deposits",
    "Proceedings: {process} and the future of {material}", "{acronym} joins forces with the hub on {material}",
    "Press release: {acronym} opens a {process} line", "Lessons from {n} months of {process}",
]  # fmt: skip
RESULTS_SHORT = ["recovers lithium", "cuts energy use", "reaches battery grade", "closes the loop", "saves water"]
FIRST_NAMES = [
    "Anna", "Lukas", "Sofia", "Mateo", "Elena", "Jonas", "Maria", "Luca", "Ingrid", "Pieter", "Chiara", "Tomás",
    "Aino", "Kasper", "Zofia", "Nikos", "Inês", "Matteo", "Hanna", "Miguel", "Eva", "Jan", "Clara", "Dimitri",
]  # fmt: skip
LAST_NAMES = [
    "Novak", "García", "Rossi", "Müller", "Virtanen", "Jensen", "Kowalski", "Papadopoulos", "Silva", "Dubois",
    "Horvat", "Nilsson", "Janssens", "Schmidt", "Costa", "Ionescu", "Moreau", "Lindqvist", "Bianchi", "Fischer",
]  # fmt: skip
CITIES = {
    "DE": ["Freiberg", "Aachen", "Karlsruhe"], "FR": ["Orléans", "Grenoble", "Nancy"], "ES": ["Madrid", "Bilbao"],
    "IT": ["Milan", "Turin", "Cagliari"], "PT": ["Porto", "Lisbon"], "FI": ["Espoo", "Oulu"], "SE": ["Luleå"],
    "BE": ["Leuven", "Brussels", "Ghent"], "NL": ["Delft", "Eindhoven"], "PL": ["Kraków", "Wrocław"],
    "AT": ["Leoben", "Vienna"], "GR": ["Athens"], "NO": ["Trondheim"], "CZ": ["Prague"], "RS": ["Belgrade"],
}  # fmt: skip


@dataclass
class Text:
    html: str
    plain: str


class Writer:
    """Random but reproducible prose (one seed per run)."""

    def __init__(self, seed: int = 7, pool_size: int = 3000):
        self.rng = random.Random(seed)  # noqa: S311 (sample text, not secrets)
        self.pool = [self.sentence() for _ in range(pool_size)]

    def pick(self, words: list[str]) -> str:
        return self.rng.choice(words)

    def slots(self, **extra) -> dict:
        rng = self.rng
        material = self.pick(MATERIALS)
        pct = rng.randint(12, 98)
        return {
            "actor": self.pick(ACTORS),
            "process": self.pick(PROCESSES),
            "process2": self.pick(PROCESSES),
            "material": material,
            "feed": self.pick(FEEDS),
            "place": self.pick(PLACES),
            "n": rng.randint(2, 40),
            "result": self.pick(RESULTS).format(pct=pct, material=material),
            "result_short": self.pick(RESULTS_SHORT),
            **extra,
        }

    def sentence(self) -> str:
        return self.pick(TEMPLATES).format(**self.slots())

    def title(self, acronym: str) -> str:
        text = self.pick(TITLES).format(**self.slots(acronym=acronym))
        return text[0].upper() + text[1:]

    def paragraph(self, low: int = 3, high: int = 6) -> str:
        return " ".join(self.rng.sample(self.pool, self.rng.randint(low, high)))

    def body(self, paragraphs: int) -> Text:
        """Rich text as an editor writes it: paragraphs, a heading or two, sometimes a list."""
        html, plain = [], []
        for index in range(paragraphs):
            if index and index % 3 == 0:
                heading = self.pick(HEADINGS)
                html.append(f"<h2>{heading}</h2>")
                plain.append(heading)
            text = self.paragraph()
            html.append(f"<p>{text}</p>")
            plain.append(text)
        if self.rng.random() < 0.3:
            items = [self.pick(PROCESSES) for _ in range(3)]
            html.append("<ul>" + "".join(f"<li><strong>{item}</strong></li>" for item in items) + "</ul>")
            plain.append("\n".join(items))
        return Text(html="\n".join(html), plain="\n".join(plain))

    def person_name(self) -> str:
        return f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"
