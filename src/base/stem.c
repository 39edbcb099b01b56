/*
 * stem.c - words, case folding, stop words and Snowball stems; see stem.h.
 *
 * Only the letters that matter for German and English (and their
 * neighbours in Latin-1 and Latin Extended-A) are lower-cased and folded
 * here; other scripts pass through unchanged, which still finds an exact
 * word.  The stop words are PostgreSQL's german.stop and english.stop
 * (Snowball's lists), so that both back ends ignore the same words.
 */
#include "base/stem.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Room for a lower-cased or folded word: folding may double a letter (ß -> ss). */
enum { STEM_BUF = 2 * STEM_WORD_MAX + 8 };

struct stemmer {
	struct sb_stemmer *de;
	struct sb_stemmer *en;
	char lower[STEM_BUF];
	char folded[STEM_BUF];
};

/* Sorted in byte order (LC_ALL=C) for bsearch. */
static const char *const stop_words[] = {
	"a",	     "aber",	  "about",	"above",      "after",	   "again",    "against",
	"all",	     "alle",	  "allem",	"allen",      "aller",	   "alles",    "als",
	"also",	     "am",	  "an",		"and",	      "ander",	   "andere",   "anderem",
	"anderen",   "anderer",	  "anderes",	"anderm",     "andern",	   "anderr",   "anders",
	"any",	     "are",	  "as",		"at",	      "auch",	   "auf",      "aus",
	"be",	     "because",	  "been",	"before",     "bei",	   "being",    "below",
	"between",   "bin",	  "bis",	"bist",	      "both",	   "but",      "by",
	"can",	     "da",	  "damit",	"dann",	      "das",	   "dasselbe", "dazu",
	"daß",	     "dein",	  "deine",	"deinem",     "deinen",	   "deiner",   "deines",
	"dem",	     "demselben", "den",	"denn",	      "denselben", "der",      "derer",
	"derselbe",  "derselben", "des",	"desselben",  "dessen",	   "dich",     "did",
	"die",	     "dies",	  "diese",	"dieselbe",   "dieselben", "diesem",   "diesen",
	"dieser",    "dieses",	  "dir",	"do",	      "doch",	   "does",     "doing",
	"don",	     "dort",	  "down",	"du",	      "durch",	   "during",   "each",
	"ein",	     "eine",	  "einem",	"einen",      "einer",	   "eines",    "einig",
	"einige",    "einigem",	  "einigen",	"einiger",    "einiges",   "einmal",   "er",
	"es",	     "etwas",	  "euch",	"euer",	      "eure",	   "eurem",    "euren",
	"eurer",     "eures",	  "few",	"for",	      "from",	   "further",  "für",
	"gegen",     "gewesen",	  "hab",	"habe",	      "haben",	   "had",      "has",
	"hat",	     "hatte",	  "hatten",	"have",	      "having",	   "he",       "her",
	"here",	     "hers",	  "herself",	"hier",	      "him",	   "himself",  "hin",
	"hinter",    "his",	  "how",	"i",	      "ich",	   "if",       "ihm",
	"ihn",	     "ihnen",	  "ihr",	"ihre",	      "ihrem",	   "ihren",    "ihrer",
	"ihres",     "im",	  "in",		"indem",      "ins",	   "into",     "is",
	"ist",	     "it",	  "its",	"itself",     "jede",	   "jedem",    "jeden",
	"jeder",     "jedes",	  "jene",	"jenem",      "jenen",	   "jener",    "jenes",
	"jetzt",     "just",	  "kann",	"kein",	      "keine",	   "keinem",   "keinen",
	"keiner",    "keines",	  "können",	"könnte",     "machen",	   "man",      "manche",
	"manchem",   "manchen",	  "mancher",	"manches",    "me",	   "mein",     "meine",
	"meinem",    "meinen",	  "meiner",	"meines",     "mich",	   "mir",      "mit",
	"more",	     "most",	  "muss",	"musste",     "my",	   "myself",   "nach",
	"nicht",     "nichts",	  "no",		"noch",	      "nor",	   "not",      "now",
	"nun",	     "nur",	  "ob",		"oder",	      "of",	   "off",      "ohne",
	"on",	     "once",	  "only",	"or",	      "other",	   "our",      "ours",
	"ourselves", "out",	  "over",	"own",	      "s",	   "same",     "sehr",
	"sein",	     "seine",	  "seinem",	"seinen",     "seiner",	   "seines",   "selbst",
	"she",	     "should",	  "sich",	"sie",	      "sind",	   "so",       "solche",
	"solchem",   "solchen",	  "solcher",	"solches",    "soll",	   "sollte",   "some",
	"sondern",   "sonst",	  "such",	"t",	      "than",	   "that",     "the",
	"their",     "theirs",	  "them",	"themselves", "then",	   "there",    "these",
	"they",	     "this",	  "those",	"through",    "to",	   "too",      "um",
	"und",	     "under",	  "uns",	"unse",	      "unsem",	   "unsen",    "unser",
	"unses",     "unter",	  "until",	"up",	      "very",	   "viel",     "vom",
	"von",	     "vor",	  "war",	"waren",      "warst",	   "was",      "we",
	"weg",	     "weil",	  "weiter",	"welche",     "welchem",   "welchen",  "welcher",
	"welches",   "wenn",	  "werde",	"werden",     "were",	   "what",     "when",
	"where",     "which",	  "while",	"who",	      "whom",	   "why",      "wie",
	"wieder",    "will",	  "wir",	"wird",	      "wirst",	   "with",     "wo",
	"wollen",    "wollte",	  "während",	"würde",      "würden",	   "you",      "your",
	"yours",     "yourself",  "yourselves", "zu",	      "zum",	   "zur",      "zwar",
	"zwischen",  "über",
};

struct stemmer *stemmer_new(void)
{
	struct stemmer *st = calloc(1, sizeof(*st));
	if (st == NULL)
		return NULL;
	st->de = sb_stemmer_new("german", NULL);
	st->en = sb_stemmer_new("english", NULL);
	if (st->de == NULL || st->en == NULL) {
		stemmer_free(st);
		return NULL;
	}
	return st;
}

void stemmer_free(struct stemmer *st)
{
	if (st == NULL)
		return;
	sb_stemmer_delete(st->de);
	sb_stemmer_delete(st->en);
	free(st);
}

/*
 * Decode one code point at s[*i] (n bytes left in total).  Returns the
 * code point and advances *i; an invalid sequence returns UINT32_MAX and
 * advances by one byte, so that it separates words.
 */
static uint32_t decode(const unsigned char *s, size_t n, size_t *i)
{
	unsigned char c = s[*i];
	uint32_t cp;
	size_t len;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		(*i)++;
		return UINT32_MAX;
	}
	if (*i + len > n) {
		(*i)++;
		return UINT32_MAX;
	}
	for (size_t k = 1; k < len; k++) {
		if ((s[*i + k] & 0xC0) != 0x80) {
			(*i)++;
			return UINT32_MAX;
		}
		cp = (cp << 6) | (s[*i + k] & 0x3F);
	}
	/* Overlongs, surrogates and values past U+10FFFF separate too. */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF)) {
		(*i)++;
		return UINT32_MAX;
	}
	*i += len;
	return cp;
}

static size_t encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Letters and digits make words.  Below U+0250 that is decided exactly;
 * above it, everything but punctuation, symbols and emoji blocks counts
 * as a letter, which keeps words of other scripts whole.
 */
static bool is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	if (cp < 0xC0)
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA; /* ª µ º */
	if (cp == 0xD7 || cp == 0xF7)
		return false; /* × ÷ */
	if (cp < 0x0250)
		return true;
	if ((cp >= 0x02B0 && cp <= 0x036F) || /* modifiers, combining marks */
	    (cp >= 0x2000 && cp <= 0x2BFF) || /* punctuation, symbols, arrows */
	    (cp >= 0x3000 && cp <= 0x303F) || /* CJK punctuation */
	    (cp >= 0xFE00 && cp <= 0xFE6F) || /* variation selectors, small forms */
	    (cp >= 0xFF00 && cp <= 0xFF20) || (cp >= 0xFFF0 && cp <= 0xFFFF) ||
	    (cp >= 0x1F000 && cp <= 0x1FAFF)) /* emoji */
		return false;
	return cp != UINT32_MAX;
}

static uint32_t lower_cp(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp < 0xC0)
		return cp;
	if (cp <= 0xDE)
		return cp == 0xD7 ? cp : cp + 32;
	if (cp == 0x130)
		return 'i'; /* İ */
	if (cp == 0x178)
		return 0xFF; /* Ÿ */
	if ((cp >= 0x100 && cp <= 0x12F) || (cp >= 0x132 && cp <= 0x137) ||
	    (cp >= 0x14A && cp <= 0x177))
		return (cp & 1) ? cp : cp + 1;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return (cp & 1) ? cp + 1 : cp;
	if ((cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F))
		return cp + 32;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 80;
	if (cp == 0x1E9E)
		return 0xDF; /* ẞ */
	return cp;
}

/* Base letters of U+0100..U+017F, lower case (ligatures handled apart). */
static const char latin_ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkk"
				  "llllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuu"
				  "wwyyyzzzzzzs";
_Static_assert(sizeof(latin_ext_a) == 0x80 + 1, "one letter per code point");

/*
 * ASCII spelling of a lower-case letter without its accent, for the
 * English stemmer ("ä" -> "a", "ß" -> "ss"); NULL when it has none.
 */
static const char *fold_cp(uint32_t cp, char one[2])
{
	static const char latin1[] = "aaaaaa"		 /* e0..e5 */
				     "?ceeeeiiiidnooooo" /* e6..f6 */
				     "?ouuuuy?y";	 /* f7..ff */
	_Static_assert(sizeof(latin1) == 0x20 + 1, "one letter per code point");
	switch (cp) {
	case 0xDF: return "ss";
	case 0xE6: return "ae";
	case 0xFE: return "th";
	case 0x132:
	case 0x133: return "ij";
	case 0x152:
	case 0x153: return "oe";
	default: break;
	}
	if (cp >= 0xE0 && cp <= 0xFF && latin1[cp - 0xE0] != '?') {
		one[0] = latin1[cp - 0xE0];
		one[1] = '\0';
		return one;
	}
	if (cp >= 0x100 && cp <= 0x17F && true) {
		one[0] = latin_ext_a[cp - 0x100];
		one[1] = '\0';
		return one;
	}
	return NULL;
}

bool stem_next_word(const char *text, size_t len, size_t *pos, size_t *start, size_t *end)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = *pos;

	while (i < len) {
		size_t at = i;
		if (is_word_cp(decode(s, len, &i))) {
			size_t stop = i;
			while (i < len) {
				size_t here = i;
				if (!is_word_cp(decode(s, len, &i))) {
					i = here;
					break;
				}
				stop = i;
			}
			*start = at;
			*end = stop;
			*pos = stop;
			return true;
		}
	}
	*pos = len;
	return false;
}

static int compare_stop(const void *key, const void *item)
{
	return strcmp(key, *(const char *const *)item);
}

/* Lower-case word[0..len) into out (NUL-terminated); its length. */
static size_t lower_word(const char *word, size_t len, char *out)
{
	const unsigned char *s = (const unsigned char *)word;
	size_t i = 0, n = 0;

	while (i < len) {
		uint32_t cp = decode(s, len, &i);
		if (cp == UINT32_MAX)
			continue;
		/* Stop at STEM_WORD_MAX bytes, on a character boundary. */
		if (n + 4 > STEM_WORD_MAX)
			break;
		n += encode(lower_cp(cp), out + n);
	}
	out[n] = '\0';
	return n;
}

bool stem_is_stop_word(const char *word, size_t len)
{
	char lower[STEM_BUF];

	lower_word(word, len, lower);
	return bsearch(lower, stop_words, sizeof(stop_words) / sizeof(stop_words[0]),
		       sizeof(stop_words[0]), compare_stop) != NULL;
}

int stemmer_stems(struct stemmer *st, const char *word, size_t len, struct stem out[STEM_MAX])
{
	size_t n = lower_word(word, len, st->lower);
	if (n == 0 || bsearch(st->lower, stop_words, sizeof(stop_words) / sizeof(stop_words[0]),
			      sizeof(stop_words[0]), compare_stop) != NULL)
		return 0;

	/* English sees the word without accents: "Mobilität" -> "mobilitat". */
	const unsigned char *s = (const unsigned char *)st->lower;
	size_t i = 0, f = 0;
	while (i < n) {
		char one[2];
		uint32_t cp = decode(s, n, &i);
		const char *ascii = fold_cp(cp, one);
		if (ascii != NULL) {
			size_t k = strlen(ascii);
			memcpy(st->folded + f, ascii, k);
			f += k;
		} else {
			f += encode(cp, st->folded + f);
		}
	}
	st->folded[f] = '\0';

	const sb_symbol *de = sb_stemmer_stem(st->de, (const sb_symbol *)st->lower, (int)n);
	const sb_symbol *en = sb_stemmer_stem(st->en, (const sb_symbol *)st->folded, (int)f);
	if (de == NULL || en == NULL)
		return -1;
	out[0].s = (const char *)de;
	out[0].n = (size_t)sb_stemmer_length(st->de);
	out[1].s = (const char *)en;
	out[1].n = (size_t)sb_stemmer_length(st->en);
	if (out[0].n == out[1].n && memcmp(out[0].s, out[1].s, out[0].n) == 0)
		return 1;
	return 2;
}
