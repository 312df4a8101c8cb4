// Word-level vocabulary of English prose. These lists describe the language, not
// any document: function words, hedges that mark a judgement rather than a claim,
// the keywords that say what kind of thing a name is.

export const STOPWORDS = new Set(
  `a about above after again against all also although am among an and any are around as at be because been
  before being below between both but by can cannot could did do does doing down during each either else even
  ever every etc few for from further had has have having he her here hers herself him himself his how however i if
  in into is it its itself just least less many may me might more most much must my myself neither no nor not
  now of off on once one only onto or other ought our ours ourselves out over own per rather same she should since
  so some such than that the their theirs them themselves then there these they this those though through thus to
  too under until up upon us very via was we were what when where whether which while who whom whose why will with
  within without would yet you your yours yourself yourselves also already still again moreover nevertheless
  meanwhile indeed furthermore therefore hence whereas despite instead besides like amid amidst across along
  toward towards beyond nearly almost quite rather said says say according new`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that open a sentence and are never part of a name. */
export const SENTENCE_OPENERS = new Set(
  `the a an this that these those it its in on at by for from with as after before during since while when where
  although though however but and or so yet if both each every all some many most several such there here his her
  their our we they he she i you moreover meanwhile nevertheless despite indeed also again instead besides still
  then thus hence today yesterday recently earlier later now last next first second third finally overall
  similarly likewise clearly particularly notably`
    .split(/\s+/)
    .filter(Boolean),
);

/** Connectors allowed inside a multi-word name ("Ministry of Defence", "Security and Trade Partnership"). */
export const NAME_CONNECTORS = new Set(["of", "for", "and", "&", "on", "the", "de", "du", "von", "van", "der"]);

export const MONTHS: Record<string, number> = table({
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8,
  september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
});

/** Titles that put a person's name after them. */
export const PERSON_TITLES = new Set(
  `minister pm president dr mr mrs ms prof gen general admiral adm lt col colonel capt captain ambassador secretary
  chancellor premier chief commander marshal sir lord senator governor mayor king queen prince princess emperor
  diplomat envoy professor brigadier commodore lieutenant spokesperson spokesman spokeswoman`
    .split(/\s+/)
    .filter(Boolean),
);

export type EntityKind =
  | "agreement"
  | "exercise"
  | "dialogue"
  | "partnership"
  | "initiative"
  | "programme"
  | "platform"
  | "organisation"
  | "person"
  | "place"
  | "name";

/** The last word of a name often says what it is: "… Agreement", "… Exercise". */
export const KIND_KEYWORDS: Record<string, EntityKind> = table({
  agreement: "agreement", accord: "agreement", treaty: "agreement", pact: "agreement", declaration: "agreement",
  legislation: "agreement", act: "agreement", arrangement: "agreement", memorandum: "agreement", mou: "agreement",
  convention: "agreement", protocol: "agreement", charter: "agreement", principles: "agreement",
  law: "agreement", statute: "agreement", guidelines: "agreement", decree: "agreement", ordinance: "agreement",
  exercise: "exercise", exercises: "exercise", drill: "exercise", drills: "exercise", manoeuvres: "exercise",
  maneuvers: "exercise", wargame: "exercise",
  dialogue: "dialogue", dialog: "dialogue", summit: "dialogue", meeting: "dialogue", talks: "dialogue",
  forum: "dialogue", consultations: "dialogue", conference: "dialogue", meet: "dialogue", mechanism: "dialogue",
  symposium: "dialogue", conclave: "dialogue",
  partnership: "partnership", alliance: "partnership", coalition: "partnership", grouping: "partnership",
  initiative: "initiative", framework: "initiative", strategy: "initiative", policy: "initiative",
  vision: "initiative", doctrine: "initiative", plan: "initiative", roadmap: "initiative", corridor: "initiative",
  corridors: "initiative",
  program: "programme", programme: "programme", project: "programme", mission: "programme",
  aircraft: "platform", submarine: "platform", destroyer: "platform", frigate: "platform", vehicle: "platform",
  vehicles: "platform", antenna: "platform", radar: "platform", jet: "platform", fighter: "platform",
  missile: "platform", ship: "platform", carrier: "platform", helicopter: "platform", tank: "platform",
  agency: "organisation", ministry: "organisation", department: "organisation", navy: "organisation",
  army: "organisation", force: "organisation", forces: "organisation", guard: "organisation",
  council: "organisation", command: "organisation", staff: "organisation", centre: "organisation",
  center: "organisation", institute: "organisation", corporation: "organisation", robotics: "organisation",
  industries: "organisation", organisation: "organisation", organization: "organisation", bank: "organisation",
  union: "organisation", nations: "organisation", committee: "organisation", office: "organisation",
  university: "organisation", company: "organisation", group: "organisation", foundation: "organisation",
  authority: "organisation", commission: "organisation", service: "organisation", services: "organisation",
  islands: "place", island: "place", sea: "place", ocean: "place", strait: "place", bay: "place", region: "place",
});

/** A sentence with one of these states a judgement, forecast or recommendation, not a checkable fact. */
export const HEDGE_PATTERNS: RegExp[] = [
  /\b(?:should|ought to|must|needs? to|need not|could|might)\b/i,
  /\bmay\b/, // lower case only: "May 2024" is a date
  /\b(?:likely|unlikely|probably|perhaps|possibly|presumably|arguably|conceivably)\b/i,
  /\b(?:we|i) (?:assess|judge|believe|think|expect|suspect|estimate|recommend|suggest|doubt|anticipate)\b/i,
  /\b(?:it (?:is|remains) (?:unclear|uncertain|doubtful|possible|plausible|too early)|remains to be seen|in our view)\b/i,
  /\b(?:recommend(?:s|ed)?|recommendation)\b/i,
  // Inference written as such: "Norvania appears to be hedging", "the pattern suggests that …".
  // Present tense only: "the minister indicated that …" reports what someone said.
  /\b(?:appears?|seems?) to\b/i,
  /\b(?:suggests?|indicates?|implies|imply) that\b/i,
  // A forecast of continuation ("Brisvale will remain the main venue") or one reported as
  // expected ("the next iteration is expected in 2025"). Present tense only: "the line was
  // expected to cost …" reports a figure, and a bare "will join" still states a plan.
  /\bwill (?:remain|continue|stay|keep)\b/i,
  /\b(?:is|are) (?:expected|forecast|projected)\b/i,
];

export function isStopword(norm: string): boolean {
  return STOPWORDS.has(norm);
}

/** Verbs that say when something started: "signed in", "began in", "set up in" date the same moment. */
export const ORIGIN_WORDS = new Set(
  `began begin begun beginning start started starts launch launched launches establish established establishment
  found founded founding create created creation form formed formation sign signed signing inaugurate inaugurated
  initiate initiated institute instituted institutionalised institutionalized set enact enacted enacting adopt adopted
  conclude concluded open opened introduce introduced date dates dated first inception issue issued publish
  published release released unveil unveiled approve approved pass passed ratify ratified`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Counts written as words, from three to twenty and the tens: "one" and "two" are too often not counts at
 * all ("one of several", "the two countries") to hold a source to them.
 */
export const COUNT_WORDS: Record<string, number> = table({
  three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  // The tens, as in "ninety per cent".
  thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
});

/**
 * A word table with no prototype: `MONTHS["constructor"]` must be undefined, not
 * Object's constructor (which made "Constructor" a month and a kind).
 */
function table<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
