/*
 * synthetic_text.c - believable German (and some English) text for the
 * synthetic city, and the pseudo-random generator behind it.
 *
 * Pages are only worth measuring when they look like real pages: titles
 * of realistic length with umlauts, bodies of a few Markdown paragraphs,
 * short and long comments.  The text is assembled from word lists, so a
 * city of 100,000 ideas costs no more than the lists below.
 */
#include <string.h>

#include "cli/synthetic.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- PRNG: splitmix64 to seed, xoshiro256** to draw ---- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void synth_rng_seed(struct synth_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t synth_rng_next(struct synth_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t synth_rng_below(struct synth_rng *r, uint64_t n)
{
	/* Lemire's multiply-shift: no modulo bias worth mentioning at 64 bits. */
	return n == 0 ? 0 : (uint64_t)(((unsigned __int128)synth_rng_next(r) * n) >> 64);
}

double synth_rng_unit(struct synth_rng *r)
{
	return (double)(synth_rng_next(r) >> 11) * 0x1.0p-53;
}

#define PICK(r, list) ((list)[synth_rng_below((r), COUNT(list))])

/* ---- word lists ---- */

static const char *const first_names[] = {
	"Anna",	  "Lena",   "Murat",  "Jonas",	"Fatma",      "Olena",	  "Lukas",   "Mia",
	"Ben",	  "Emma",   "Noah",   "Sofia",	"Ali",	      "Aylin",	  "Paul",    "Marie",
	"Felix",  "Hannah", "Elias",  "Lea",	"Maximilian", "Emilia",	  "Julian",  "Clara",
	"Tobias", "Sabine", "Thomas", "Petra",	"Andreas",    "Monika",	  "Dimitri", "Katarzyna",
	"Giulia", "Mehmet", "Ahmad",  "Yasmin", "Jana",	      "Kerstin",  "Stefan",  "Ursula",
	"Heinz",  "Gisela", "Jürgen", "Birgit", "Ömer",	      "Zeynep",	  "Leonie",  "Finn",
	"Luisa",  "Moritz", "Ida",    "Karl",	"Greta",      "Oskar",	  "Nele",    "Samuel",
	"Amelie", "Tim",    "Svenja", "Björn",	"Ingrid",     "Wolfgang", "Helga",   "Nikolai",
};

static const char *const last_names[] = {
	"Müller",   "Schmidt",	"Schneider", "Fischer",	   "Weber",   "Meyer",	"Wagner",
	"Becker",   "Schulz",	"Hoffmann",  "Koch",	   "Richter", "Klein",	"Wolf",
	"Schröder", "Neumann",	"Schwarz",   "Zimmermann", "Braun",   "Krüger", "Hofmann",
	"Hartmann", "Lange",	"Schmitt",   "Werner",	   "Krause",  "Yılmaz", "Kaya",
	"Nowak",    "Kowalski", "Rossi",     "Popović",	   "Ivanova", "Şahin",	"Demir",
	"Lehmann",  "Köhler",	"Maier",     "Herrmann",   "König",   "Walter", "Peters",
	"Möller",   "Jung",	"Friedrich", "Scholz",	   "Keller",  "Groß",	"Vogel",
	"Brandt",   "Haas",	"Schubert",  "Engel",	   "Horn",    "Busch",	"Bergmann",
};

static const char *const districts[] = {
	"Altstadt",   "Innenstadt", "Brackwede",    "Sennestadt",      "Heepen",      "Schildesche",
	"Stieghorst", "Jöllenbeck", "Dornberg",	    "Gadderbaum",      "Ostviertel",  "Westend",
	"Nordpark",   "Südstadt",   "Hafenviertel", "Bahnhofsviertel", "Uni-Viertel", "Kesselbrink",
	"Sieker",     "Quelle",	    "Ummeln",	    "Theesen",	       "Vilsendorf",  "Hillegossen",
};

static const char *const places_de[] = {
	"am Hauptbahnhof",
	"in der Altstadt",
	"im Stadtpark",
	"am Rathausplatz",
	"entlang der Ringstraße",
	"in allen Stadtteilen",
	"an Grundschulen",
	"am Kesselbrink",
	"rund um die Universität",
	"an der Stadtbahnlinie 4",
	"im Gewerbegebiet Nord",
	"am Obersee",
	"in Neubaugebieten",
	"auf dem Wochenmarkt",
	"an Bushaltestellen",
	"im Bürgerpark",
	"an der Promenade",
	"vor dem Theater",
	"in der Fußgängerzone",
	"am Jahnplatz",
	"an weiterführenden Schulen",
	"in den Stadtteilzentren",
	"am Klinikum",
	"im Hafenviertel",
};

static const char *const measures_de[] = {
	"Mehr Fahrradbügel",
	"Trinkbrunnen",
	"Sitzbänke mit Schatten",
	"Ein Repair-Café",
	"Digitale Bürgersprechstunde",
	"Gemeinschaftsgärten",
	"Tempo 30",
	"Eine Carsharing-Station",
	"Freies WLAN",
	"Eine Werkzeug-Leihbibliothek",
	"Solardächer auf städtischen Gebäuden",
	"Eine Spielstraße am Wochenende",
	"Eine Nachbarschafts-App",
	"Lastenrad-Verleih",
	"Begrünte Bushaltestellen",
	"Mehr Mülleimer mit Pfandringen",
	"Bessere Beleuchtung für Fußwege",
	"Kostenlose Sportkurse im Park",
	"Ein Sprachcafé",
	"Coworking-Räume in leeren Läden",
	"Ladesäulen für E-Autos",
	"Baumpatenschaften",
	"Regenwasserspeicher",
	"Ein geschützter Radweg",
	"Schulweg-Lotsen",
	"Ein Bürgerbudget",
	"Ein Feierabendmarkt",
	"Ein Sommerfestival der Kulturen",
	"Ein Hitzeschutzplan",
	"Ein Rufbus für Seniorinnen und Senioren",
	"Ein offener Jugendtreff",
	"Öffentliche Toiletten",
	"Digitale Parkplatzanzeige",
	"Ein Unverpackt-Markt",
	"Offene Schulhöfe am Nachmittag",
	"Mobile Bürgerbüros",
	"Ein Stadtteil-Wärmenetz",
	"Blühstreifen statt Rasen",
	"Sichere Abstellanlagen für Räder",
	"Eine Tauschbörse für Kinderkleidung",
};

static const char *const audiences_de[] = {
	"für Familien",
	"für Seniorinnen und Senioren",
	"für Pendlerinnen und Pendler",
	"für Jugendliche",
	"für alle",
	"für Menschen mit Behinderung",
	"für Studierende",
	"für kleine Betriebe",
	"für Kinder",
	"für Neuzugezogene",
};

static const char *const problems_de[] = {
	"sicheren Wegen für Kinder",
	"Schatten im Sommer",
	"Treffpunkten ohne Konsumzwang",
	"bezahlbarem Wohnraum",
	"Abstellplätzen für Fahrräder",
	"guter Busanbindung am Abend",
	"Grünflächen",
	"Angeboten für Jugendliche",
	"barrierefreien Zugängen",
	"schnellem Internet",
	"Informationen der Verwaltung",
	"Ladeinfrastruktur",
};

static const char *const benefits_de[] = {
	"den Verkehr spürbar entlasten",	"die Aufenthaltsqualität deutlich verbessern",
	"vor allem älteren Menschen helfen",	"Energie und Kosten sparen",
	"die Nachbarschaft zusammenbringen",	"das Stadtklima an heißen Tagen verbessern",
	"Wege zur Verwaltung sparen",		"lokale Betriebe stärken",
	"Kindern mehr Selbstständigkeit geben", "CO₂ einsparen und die Luft verbessern",
};

static const char *const cities[] = {
	"Münster", "Freiburg", "Utrecht", "Kopenhagen", "Wien",	   "Gent",
	"Leipzig", "Tübingen", "Zürich",  "Malmö",	"Bologna", "Aarhus",
};

static const char *const themes_de[] = {
	"Mobilität 2035",
	"Klimaneutrale Quartiere",
	"Digitale Verwaltung",
	"Innenstadt als Begegnungsort",
	"Hitze in der Stadt",
	"Gesund alt werden",
	"Bildung im Quartier",
	"Kreislaufwirtschaft",
	"Wohnen für alle",
	"Sauberes Wasser",
	"Sichere Schulwege",
	"Offene Daten",
	"Kultur für alle",
	"Nachhaltiger Tourismus",
	"Ehrenamt stärken",
	"Energie aus der Nachbarschaft",
	"Lieferverkehr der Zukunft",
	"Sport und Bewegung",
	"Artenvielfalt in der Stadt",
	"Arbeiten im Wandel",
};

static const char *const questions_de[] = {
	"Wie kommen alle gut durch die Stadt?",
	"Was brauchen die Quartiere, um klimaneutral zu werden?",
	"Welche Behördengänge sollen als Erstes online gehen?",
	"Wie wird die Innenstadt wieder ein Ort für alle?",
	"Wie schützen wir Menschen vor Hitze?",
	"Was hilft Nachbarschaften, zusammenzuhalten?",
	"Wie wird aus Abfall ein Rohstoff?",
	"Wie bleibt Wohnen bezahlbar?",
};

static const char *const measures_en[] = {
	"More bike racks",	  "Drinking fountains",	      "Shaded benches",
	"A repair café",	  "Community gardens",	      "A tool library",
	"Solar roofs on schools", "A play street on Sundays", "Cargo bike sharing",
	"Green bus shelters",	  "Free language café",	      "Night buses on weekends",
};

static const char *const places_en[] = {
	"at the main station", "in the old town",    "in the city park",    "near the university",
	"in every district",   "at primary schools", "along the ring road", "by the harbour",
};

static const char *const comments_de[] = {
	"Sehr gute Idee, das fehlt hier wirklich!",
	"Wer soll das bezahlen? Ich fände es gut, wenn die Kosten offen gelegt würden.",
	"Ich wohne gleich um die Ecke und kann das nur bestätigen.",
	"Gibt es dazu schon Erfahrungen aus anderen Städten?",
	"Bitte auch an die Barrierefreiheit denken – mit Rollator ist es dort heute kaum zu schaffen.",
	"Unterstütze ich voll und ganz.",
	"Ich sehe das skeptisch: Der Platz wird schon jetzt für Lieferverkehr gebraucht.",
	"Könnte man das nicht erst einmal für ein halbes Jahr ausprobieren?",
	"Toll! Ich würde mich gerne beim Aufbau beteiligen.",
	"Das Problem ist eher, dass sich niemand zuständig fühlt.",
	"In unserem Verein haben wir das schon einmal versucht. Wichtig war vor allem die Pflege danach.",
	"Wie wäre es, das mit der Schule im Viertel gemeinsam anzugehen?",
	"Danke für den Vorschlag. Mir fehlt noch, wie das im Winter funktionieren soll.",
	"Genau so etwas brauchen wir. Bitte schnell umsetzen!",
	"Eine Kombination mit dem bestehenden Angebot der Stadtwerke wäre sinnvoll.",
	"Ich bin dagegen, weil dadurch Parkplätze wegfallen, die viele Ältere brauchen.",
};

static const char *const replies_de[] = {
	"Da stimme ich zu.",
	"Gute Frage – die Verwaltung hat dazu im letzten Jahr eine Studie gemacht.",
	"Das sehe ich anders, aber danke für den Hinweis.",
	"In Münster gibt es genau das, und es funktioniert gut.",
	"Die Pflege könnte ein Verein übernehmen, wir hätten Interesse.",
	"Vielleicht lässt sich beides verbinden?",
	"Parkplätze gibt es im Parkhaus nebenan genug, das ist selten voll.",
};

static const char *const comments_en[] = {
	"Great idea, I would use this every day.",
	"How would this be maintained after the first year?",
	"We tried something similar in our street and it worked well.",
	"Please make sure it is accessible for wheelchair users.",
};

static const char *const org_fields[] = {
	"Digitalisierung", "Stadtentwicklung", "Umwelt und Klima",
	"Mobilität",	   "Soziales",	       "Bildung",
	"Kultur",	   "Gesundheit",       "Wirtschaftsförderung",
	"Energie",
};

static const char *const research_fields[] = {
	"Informatik",	   "Stadtplanung", "Nachhaltigkeitsforschung", "Gesundheitswissenschaften",
	"Maschinenbau",	   "Soziologie",   "Datenwissenschaft",	       "Energietechnik",
	"Verkehrsplanung", "Pädagogik",
};

static const char *const trades[] = {
	"Software",	"Solartechnik", "Bau",	       "Logistik", "Beratung", "Design",
	"Fahrradladen", "Bäckerei",	"Architektur", "Energie",  "Medien",   "Gartenbau",
};

static const char *const brand_words[] = {
	"Nordlicht",  "Grünwerk", "Stadtsalat", "Kiezbox", "Radwerk",	 "Datenfluss",
	"Sonnendeck", "Wabe",	  "Quartier3",	"Lotse",   "Hafenkante", "Werkbank",
};

static const char *const clubs[] = {
	"Bürgerverein",	    "Sportverein",	"Nachbarschaftshilfe",
	"Förderverein",	    "Kulturinitiative", "Umweltgruppe",
	"Elterninitiative", "Repair-Café",	"Tafel",
	"Seniorenbeirat",   "Jugendring",	"Imkerverein",
};

static const char *const venues[] = {
	"Rathaus, Großer Saal",	       "Stadtbibliothek, Forum",
	"Hochschule, Gebäude B",       "Founders Hub, Werkhalle",
	"Stadtteilzentrum Sennestadt", "Stadtwerke, Kundenzentrum",
	"Volkshochschule, Raum 12",    "Kulturfabrik",
	"Universität, Hörsaal 3",      "Online (Videokonferenz)",
};

/* ---- generators ---- */

void synth_person_name(struct synth_rng *r, struct buf *b)
{
	buf_puts(b, PICK(r, first_names));
	buf_putc(b, ' ');
	buf_puts(b, PICK(r, last_names));
}

void synth_org_name(struct synth_rng *r, const char *sector, struct buf *b)
{
	const char *d = PICK(r, districts);

	if (strcmp(sector, "government") == 0) {
		switch (synth_rng_below(r, 3)) {
		case 0: buf_printf(b, "Amt für %s", PICK(r, org_fields)); break;
		case 1: buf_printf(b, "Bezirksamt %s", d); break;
		default: buf_printf(b, "Fachbereich %s", PICK(r, org_fields)); break;
		}
	} else if (strcmp(sector, "research") == 0) {
		switch (synth_rng_below(r, 3)) {
		case 0: buf_printf(b, "Institut für %s", PICK(r, research_fields)); break;
		case 1: buf_printf(b, "Gesamtschule %s", d); break;
		default: buf_printf(b, "Forschungsgruppe %s", PICK(r, research_fields)); break;
		}
	} else if (strcmp(sector, "business") == 0) {
		switch (synth_rng_below(r, 3)) {
		case 0: buf_printf(b, "%s %s GmbH", PICK(r, last_names), PICK(r, trades)); break;
		case 1:
			buf_printf(b, "%s & %s %s", PICK(r, last_names), PICK(r, last_names),
				   PICK(r, trades));
			break;
		default: buf_printf(b, "%s %s UG", PICK(r, brand_words), PICK(r, trades)); break;
		}
	} else {
		buf_printf(b, "%s %s e. V.", PICK(r, clubs), d);
	}
}

void synth_org_summary(struct synth_rng *r, const char *sector, struct buf *b)
{
	static const char *const what[] = {
		"Wir setzen uns seit vielen Jahren für unseren Stadtteil ein.",
		"Wir bringen Menschen, Ideen und Fachwissen zusammen.",
		"Unser Schwerpunkt liegt auf praktischen Lösungen für den Alltag.",
		"Wir arbeiten eng mit Schulen, Vereinen und Unternehmen zusammen.",
	};
	buf_puts(b, PICK(r, what));
	buf_printf(b, " Themen: %s, %s.",
		   strcmp(sector, "research") == 0 ? PICK(r, research_fields) : PICK(r, org_fields),
		   PICK(r, org_fields));
}

void synth_challenge_title(struct synth_rng *r, enum synth_lang lang, int64_t n, struct buf *b)
{
	if (lang == SYNTH_EN) {
		buf_printf(b, "Open call %lld: ideas for %s", (long long)n, PICK(r, places_en));
		return;
	}
	buf_printf(b, "%s: %s", PICK(r, themes_de), PICK(r, questions_de));
}

void synth_challenge_summary(struct synth_rng *r, enum synth_lang lang, struct buf *b)
{
	if (lang == SYNTH_EN) {
		buf_printf(b,
			   "We are looking for ideas that help people %s. Everybody can take part.",
			   PICK(r, places_en));
		return;
	}
	buf_printf(b,
		   "Es fehlt an %s. Gesucht sind Ideen, die %s – eingereicht von allen, die hier "
		   "leben, lernen und arbeiten.",
		   PICK(r, problems_de), PICK(r, benefits_de));
}

void synth_challenge_brief(struct synth_rng *r, enum synth_lang lang, struct buf *b)
{
	if (lang == SYNTH_EN) {
		buf_puts(b,
			 "## What it is about\n\nThe city wants to hear from everyone. Submit "
			 "your idea, support others and discuss them.\n\n## What happens next\n\n"
			 "An expert jury shortlists the ideas; the best become pilot projects.");
		return;
	}
	buf_printf(
		b,
		"## Worum es geht\n\nIn vielen Stadtteilen fehlt es an %s. Die Stadt möchte "
		"gemeinsam mit Bürgerschaft, Wissenschaft, Wirtschaft und Verwaltung Lösungen "
		"finden, die %s.\n\n## Was wir suchen\n\n- konkrete Vorschläge für einen Ort oder "
		"ein Quartier\n- Ideen, die sich in einem Jahr erproben lassen\n- Partner, die "
		"mitmachen wollen\n\n## Wie es weitergeht\n\nEine Jury aus allen vier Bereichen "
		"bewertet die Ideen. Die besten werden gemeinsam mit %s als Pilotprojekt umgesetzt.",
		PICK(r, problems_de), PICK(r, benefits_de), PICK(r, clubs));
}

void synth_idea_title(struct synth_rng *r, enum synth_lang lang, struct buf *b)
{
	if (lang == SYNTH_EN) {
		buf_printf(b, "%s %s", PICK(r, measures_en), PICK(r, places_en));
		return;
	}
	buf_printf(b, "%s %s", PICK(r, measures_de), PICK(r, places_de));
	if (synth_rng_below(r, 3) == 0)
		buf_printf(b, " %s", PICK(r, audiences_de));
}

void synth_idea_body(struct synth_rng *r, enum synth_lang lang, struct buf *b)
{
	if (lang == SYNTH_EN) {
		buf_printf(b,
			   "Right now there is little to do %s. My proposal: %s %s.\n\n"
			   "Cities like %s already do this and people love it. I would be happy to "
			   "help.",
			   PICK(r, places_en), PICK(r, measures_en), PICK(r, places_en),
			   PICK(r, cities));
		return;
	}
	buf_printf(b, "Derzeit fehlt es %s an %s. Mein Vorschlag: %s %s.\n\n", PICK(r, places_de),
		   PICK(r, problems_de), PICK(r, measures_de), PICK(r, places_de));
	buf_printf(b,
		   "Das würde %s und %s. In %s gibt es so etwas bereits, und es wird gut "
		   "angenommen.",
		   PICK(r, benefits_de), PICK(r, benefits_de), PICK(r, cities));
	switch (synth_rng_below(r, 3)) {
	case 0:
		buf_printf(b,
			   "\n\n**Was es braucht:**\n\n- eine Fläche %s\n- eine Ansprechperson "
			   "bei der Stadt\n- etwa %llu.000 Euro für den Anfang",
			   PICK(r, places_de), 5 + (unsigned long long)synth_rng_below(r, 60));
		break;
	case 1:
		buf_puts(b, "\n\nIch würde mich gerne selbst einbringen und suche Mitstreiterinnen "
			    "und Mitstreiter aus der Nachbarschaft.");
		break;
	default: break;
	}
}

void synth_official_answer(struct synth_rng *r, const char *status, struct buf *b)
{
	if (strcmp(status, "not_pursued") == 0) {
		buf_printf(b,
			   "Vielen Dank für Ihre Idee. Die Jury hat sie sorgfältig geprüft; sie "
			   "wird nicht weiterverfolgt, weil %s bereits ein vergleichbares Vorhaben "
			   "plant.",
			   PICK(r, clubs));
		return;
	}
	buf_printf(b,
		   "Die Jury hat diese Idee ausgewählt. Das %s prüft jetzt mit den "
		   "Einreichenden, wie sie %s erprobt werden kann.",
		   "Innovationsbüro", PICK(r, places_de));
}

void synth_comment(struct synth_rng *r, enum synth_lang lang, int depth, struct buf *b)
{
	if (lang == SYNTH_EN) {
		buf_puts(b, PICK(r, comments_en));
		return;
	}
	buf_puts(b, depth > 0 ? PICK(r, replies_de) : PICK(r, comments_de));
	if (synth_rng_below(r, 4) == 0)
		buf_printf(b, "\n\nGerade %s wäre das wichtig, weil es dort an %s fehlt.",
			   PICK(r, places_de), PICK(r, problems_de));
}

void synth_place(struct synth_rng *r, struct buf *b)
{
	static const char *const streets[] = {"Hauptstraße", "Bahnhofstraße", "Marktplatz",
					      "Parkallee",   "Schulstraße",   "Am Anger",
					      "Mühlenweg",   "Lindenstraße"};
	buf_printf(b, "%s %llu, %s", PICK(r, streets),
		   1 + (unsigned long long)synth_rng_below(r, 120), PICK(r, districts));
}

void synth_event(struct synth_rng *r, const char *kind, struct buf *title, struct buf *summary,
		 struct buf *location)
{
	static const struct {
		const char *kind, *label;
	} kinds[] = {
		{"workshop", "Ideenwerkstatt"},
		{"hackathon", "Civic Hackathon"},
		{"lab", "Reallabor"},
		{"meetup", "Innovation Meetup"},
		{"conference", "Zukunftskonferenz"},
	};
	const char *label = "Treffen";
	for (size_t i = 0; i < COUNT(kinds); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			label = kinds[i].label;
	buf_printf(title, "%s: %s", label, PICK(r, themes_de));
	buf_printf(summary,
		   "Gemeinsam mit %s sammeln wir Ideen, die %s. Offen für alle, ohne "
		   "Vorkenntnisse.",
		   PICK(r, clubs), PICK(r, benefits_de));
	buf_puts(location, PICK(r, venues));
}

void synth_project_update(struct synth_rng *r, int progress, struct buf *b)
{
	buf_printf(
		b, "Stand der Dinge: %d %% geschafft. %s Als Nächstes geht es %s weiter.", progress,
		synth_rng_below(r, 2) ? "Die Genehmigung liegt vor, die Arbeiten haben begonnen."
				      : "Die ersten Rückmeldungen aus der Nachbarschaft sind gut.",
		PICK(r, places_de));
}

void synth_milestone(struct synth_rng *r, int position, struct buf *b)
{
	static const char *const steps[] = {"Konzept abgestimmt",  "Fläche gesichert",
					    "Förderung bewilligt", "Aufbau",
					    "Eröffnung",	   "Auswertung"};
	(void)r;
	buf_puts(b, steps[(size_t)position % COUNT(steps)]);
}
