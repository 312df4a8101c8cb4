#!/usr/bin/env node
// Deterministic synthetic corpus + briefing note for benchmarking the Briefing Notes
// language server. Dependency-free (Node >= 20, ESM).
//
//   node bench/generate.mjs --docs 1000 --seed 1 --out DIR [--note-lines 1000] [--no-note]
//
// writes DIR/corpus/<id>.md (one source document per file; any other *.md file in
// DIR/corpus, e.g. left by a larger run, is removed), DIR/note.md (the briefing note) and DIR/labels.json
// (the findings the note was built to carry, in ../shared/eval's labels format), then
// prints counts, bytes and timings.
//
// API
//   generateCorpus({ docs, seed })            -> [{ id, fileName, text }]
//   generateNote({ lines, corpus, seed })     -> string (exactly `lines` lines)
//   generateNoteWithLabels({ lines, corpus, seed }) -> { text, labels: { expect, optional } }
//   writeCorpus(dir, docs, { clean })         -> { files, bytes }
//
// Properties
//   - Same (docs, seed) gives byte-identical output. Document i depends only on
//     (seed, i) and documents 0..i-1's ids, so the first 1 000 documents of a
//     10 000-document corpus are the 1 000-document corpus (ids stable across sizes).
//   - Every name is invented (pseudo-words or combinations of common English words);
//     names are drawn per kind with a Zipf distribution, so a few names appear in
//     thousands of documents and most in a handful.
//   - The corpus is self-consistent: every year a document attaches to an exercise,
//     agreement, dialogue, programme, organisation or law is the one the generator
//     assigned to it, so a "wrong year" in the note is wrong against every source.
//   - generateNote needs the very objects generateCorpus returned (it reads the facts
//     the generator recorded for each document); it throws on other objects.

import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// ---------------------------------------------------------------- PRNG and helpers

function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash32(...xs) {
  let h = 0x811c9dc5;
  for (const x of xs) {
    h = Math.imul(h ^ (x >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function seedToInt(seed) {
  if (typeof seed === "number" && Number.isFinite(seed)) return seed >>> 0 === seed ? seed : hash32(Math.floor(seed), Math.round((seed % 1) * 1e9));
  const s = String(seed ?? 1);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = hash32(h, s.charCodeAt(i));
  return h;
}

class Rng {
  constructor(seed) { this.f = mulberry32(seed); }
  next() { return this.f(); }
  int(n) { return Math.floor(this.f() * n); }
  range(lo, hi) { return lo + Math.floor(this.f() * (hi - lo + 1)); } // inclusive
  chance(p) { return this.f() < p; }
  pick(a) { return a[Math.floor(this.f() * a.length)]; }
  /** index drawn from a cumulative distribution (Float64Array, last element 1) */
  cdf(c) {
    const x = this.f();
    let lo = 0, hi = c.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (c[mid] > x) hi = mid; else lo = mid + 1; }
    return lo;
  }
  shuffle(a) { for (let i = a.length - 1; i > 0; i--) { const j = this.int(i + 1); [a[i], a[j]] = [a[j], a[i]]; } return a; }
}

function zipfCdf(n, s) {
  const c = new Float64Array(n);
  let t = 0;
  for (let k = 0; k < n; k++) { t += 1 / Math.pow(k + 1, s); c[k] = t; }
  for (let k = 0; k < n; k++) c[k] /= t;
  c[n - 1] = 1;
  return c;
}

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"];
const ordinal = (n) => (n <= 12 ? ORD[n - 1] : `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th"}`);
const pad2 = (n) => String(n).padStart(2, "0");
const slugify = (s) => s.toLowerCase().replace(/[’']/g, "").replace(/[^a-z0-9]+/g, "-").slice(0, 60).replace(/^-+|-+$/g, "");
const list = (xs) => (xs.length <= 1 ? xs.join("") : xs.length === 2 ? `${xs[0]} and ${xs[1]}` : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

// ---------------------------------------------------------------- vocabulary

// Real names that a pseudo-word must never reproduce (countries, places, exercises of the seeds).
const BLOCK = new Set(("india japan china tokyo delhi chennai malabar milan jimex dharma guardian sahyog kaijin quad gcap " +
  "australia britain italy russia france israel korea taiwan nepal bhutan burma myanmar sudan chad mali peru cuba iran iraq oman yemen " +
  "kenya ghana togo benin niger congo gabon laos fiji tonga samoa palau nauru tuvalu malta cyprus spain wales kerala goa assam " +
  "osaka kyoto kobe nara hanoi manila jakarta dhaka lhasa kabul doha dubai riyadh cairo paris rome berlin moscow london " +
  "rajnath singh hayashi hamada nakatani modi kishida abe suga jaishankar borah hindi urdu tamil telugu maori").split(" "));

const ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr", "kr", "tr", "st", "sh", "th", "ch", "sk", "l", "m", "n", "r", "s", "t", "k", "v"];
const NUCLEI = ["a", "e", "i", "o", "u", "a", "e", "o", "a", "i", "ai", "au", "ei", "ia", "ou"];
const CODAS = ["", "", "", "", "n", "r", "l", "s", "m", "th", "k", "sh", "nd", "rn", "st", "v", "x", "ll"];

function pseudoWord(r, used, minLen = 4, maxLen = 10) {
  for (;;) {
    const n = r.chance(0.55) ? 2 : 3;
    let w = "";
    for (let i = 0; i < n; i++) {
      if (i > 0 || r.chance(0.85)) w += r.pick(ONSETS);
      w += r.pick(NUCLEI);
      if (i === n - 1 || r.chance(0.25)) w += r.pick(CODAS);
    }
    if (w.length < minLen || w.length > maxLen || /(.)\1\1/.test(w) || /[aeiouy]{3}/.test(w)) continue;
    if (BLOCK.has(w) || used.has(w)) continue;
    used.add(w);
    return cap(w);
  }
}

const EX_ADJ = ["Coral", "Amber", "Silver", "Iron", "Granite", "Crimson", "Northern", "Falcon", "Harbour", "Tidal", "Monsoon", "Cobalt", "Jade", "Ember",
  "Summit", "Lantern", "Pearl", "Storm", "Quiet", "Rising", "Steel", "Azure", "Ivory", "Copper", "Cedar", "Orchid", "Basalt", "Saffron", "Indigo", "Onyx",
  "Silent", "Distant", "Swift", "Bright", "Evening", "Morning", "Winter", "Hidden", "Rolling", "Open", "Patient", "Scarlet", "Golden", "Emerald", "Polar",
  "Desert", "Highland", "Lowland", "Twin", "Long"];
const EX_NOUN = ["Sentinel", "Shield", "Trident", "Horizon", "Vigil", "Anchor", "Compass", "Bridge", "Spear", "Lotus", "Current", "Warden", "Wake",
  "Reef", "Beacon", "Harpoon", "Talon", "Crest", "Rampart", "Keystone", "Tide", "Lance", "Harbinger", "Mariner", "Pathway", "Watch", "Lattice",
  "Outrider", "Bastion", "Meridian", "Squall", "Gale", "Kestrel", "Heron", "Osprey", "Lynx", "Cormorant", "Citadel", "Quill", "Arrow"];
const EX_TYPES = [
  { key: "naval", desc: "a bilateral naval exercise", at: "off", placeKinds: ["port", "sea", "bay"], acts: ["anti-submarine warfare serials", "replenishment at sea", "cross-deck helicopter landings", "gunnery practice", "air-defence drills", "visit, board, search and seizure drills"] },
  { key: "army", desc: "an army counter-terrorism exercise", at: "near", placeKinds: ["city", "base"], acts: ["urban counter-terrorism drills", "jungle patrolling", "convoy protection", "joint command-post planning", "heliborne assaults"] },
  { key: "air", desc: "an air combat exercise", at: "from", placeKinds: ["base"], acts: ["dissimilar air combat training", "aerial refuelling", "large-force employment", "combat search and rescue"] },
  { key: "coastguard", desc: "a coast guard search-and-rescue exercise", at: "off", placeKinds: ["port", "bay"], acts: ["search and rescue", "firefighting at sea", "pollution response", "boarding drills"] },
  { key: "subrescue", desc: "a submarine-rescue drill", at: "off", placeKinds: ["port", "sea"], acts: ["submarine escape training", "rescue-vehicle mating trials", "medical evacuation at sea"] },
  { key: "mcm", desc: "a mine-countermeasures exercise", at: "off", placeKinds: ["port", "strait"], acts: ["mine hunting", "diver clearance", "route survey", "explosive ordnance disposal"] },
  { key: "hadr", desc: "a humanitarian-assistance and disaster-relief drill", at: "at", placeKinds: ["city", "islands"], acts: ["casualty evacuation", "field hospital set-up", "relief-supply airdrops", "water purification"] },
  { key: "multi", desc: "a multilateral maritime exercise", at: "in", placeKinds: ["sea", "strait"], acts: ["anti-submarine warfare serials", "maritime interdiction", "communications drills", "formation manoeuvres"] },
];

const AGR_ADJ = ["Northern", "Southern", "Eastern", "Western", "Joint", "Bilateral", "Comprehensive", "Strategic", "Reciprocal", "Mutual", "Regional",
  "Open", "Coastal", "Enhanced", "General", "Long-Term", "Framework", "Interim"];
const AGR_DOMAIN = [
  ["Waters Logistics", "the two navies to draw fuel, food and spares from each other"],
  ["Logistics Support", "each side's ships and aircraft to refuel at the other's bases"],
  ["Ship Repair", "warships of either side to be repaired in the other's yards"],
  ["Harbour Access", "naval vessels to call at each other's ports at short notice"],
  ["Hydrographic Survey", "joint surveys of shipping lanes and harbours"],
  ["Satellite Data", "the exchange of satellite imagery and tracking data"],
  ["Information Security", "the exchange of classified military information"],
  ["Equipment Co-Development", "the joint development of defence equipment"],
  ["Technology Cooperation", "joint research on dual-use technologies"],
  ["Airspace Coordination", "coordinated patrols over shared sea lanes"],
  ["Fuel Supply", "long-term supply of naval fuel"],
  ["Undersea Cable", "joint protection of undersea cables"],
  ["Search and Rescue", "coordinated search and rescue across a shared zone"],
  ["Maritime Domain Awareness", "the sharing of white-shipping data"],
  ["Training Exchange", "officer exchanges at staff colleges"],
  ["Munitions Supply", "the supply of munitions in a crisis"],
  ["Medical Support", "military medical teams to work together after disasters"],
  ["Fisheries Patrol", "joint patrols against illegal fishing"],
  ["Space Cooperation", "cooperation on space situational awareness"],
  ["Cyber Defence", "joint responses to cyber attacks on military networks"],
  ["Shipbuilding", "co-production of auxiliary vessels"],
  ["Research Partnership", "joint laboratories for defence research"],
  ["Spectrum Sharing", "the coordination of radio spectrum for exercises"],
  ["Port Security", "joint inspections at container ports"],
  ["Supply Chain", "coordinated stockpiles of critical components"],
  ["Energy Security", "joint reserves of fuel for emergencies"],
  ["Personnel Exchange", "long-term postings of liaison officers"],
  ["Mapping", "the sharing of geospatial data"],
  ["Aviation Safety", "rules for unplanned encounters between military aircraft"],
  ["Counter-Piracy", "joint escort of merchant convoys"],
];
const AGR_TYPE = ["Agreement", "Agreement", "Accord", "Arrangement", "Protocol", "Memorandum of Understanding", "Pact", "Framework", "Compact", "Convention"];

const DLG_ADJ = ["Ocean", "Littoral", "Meridian", "Northern", "Southern", "Eastern", "Western", "Island", "Coastal", "Trilateral", "Senior Officials",
  "Ministerial", "Track 1.5", "Deputy-Level", "Annual", "Expert-Level", "Vice-Ministerial"];
const DLG_TOPIC = ["Maritime Security", "Defence Policy", "Space", "Cyber", "Export Control", "Shipping Security", "Defence Industry", "Disarmament",
  "Strategic", "Counter-Terrorism", "Energy Security", "Ocean Governance", "Supply Chain", "Defence Technology", "Coastal Security"];
const DLG_TYPE = ["Dialogue", "Dialogue", "Dialogue", "Forum", "Committee", "Roundtable", "Working Group", "Mechanism"];
const DLG_TOPICS_COVERED = ["export controls and co-production", "maritime domain awareness", "cyber norms", "space debris and satellite safety",
  "counter-terrorism financing", "shipbuilding and repair", "critical minerals", "disaster response", "port infrastructure", "training exchanges"];

const PRG_ADJ = ["Future", "Next-Generation", "Advanced", "Joint", "Integrated", "Indigenous", "Coastal", "Blue-Water", "Long-Range", "Modular",
  "Autonomous", "Sovereign", "Rapid", "Shared"];
const PRG_TECH = [
  ["Sonar", "hull-mounted sonars"], ["Fighter Engine", "a flight-ready engine"], ["Unmanned Surface Vessel", "unmanned surface vessels"],
  ["Submarine", "a new class of submarines"], ["Patrol Aircraft", "long-range patrol aircraft"], ["Satellite Navigation", "a regional navigation constellation"],
  ["Robotics", "ground robots for the army"], ["Hypersonic Research", "a hypersonic test vehicle"], ["Quantum Sensing", "quantum magnetometers"],
  ["Armoured Vehicle", "a wheeled armoured vehicle"], ["Mine Detection", "autonomous mine hunters"], ["Counter-Drone", "counter-drone lasers"],
  ["Air Defence", "a medium-range air-defence system"], ["Shipbuilding", "twelve auxiliary ships"], ["Radar", "an over-the-horizon radar"],
  ["Torpedo", "a lightweight torpedo"], ["Training Aircraft", "a basic trainer aircraft"], ["Landing Ship", "four landing ships"],
  ["Tanker Aircraft", "aerial tankers"], ["Space Surveillance", "a space surveillance network"], ["Undersea Sensor", "a seabed sensor array"],
  ["Ammunition", "a domestic ammunition line"], ["Corvette", "a class of corvettes"], ["Helicopter", "a utility helicopter"],
];
const PRG_TYPE = ["Programme", "Programme", "Initiative", "Project", "Mission", "Plan"];

const ORG_DOMAIN = ["Defence Procurement", "Maritime Security", "Defence Research", "Coast Guard", "Space", "Shipbuilding", "Export Control",
  "Cyber Security", "Hydrographic", "Logistics", "Defence Technology", "Naval Architecture", "Strategic Intelligence", "Defence Exports", "Border Security"];
const ORG_TYPE = ["Agency", "Institute", "Office", "Council", "Bureau", "Directorate", "Board", "Command", "Authority", "Centre"];
const CO_TYPE = ["Heavy Industries", "Marine Systems", "Aerospace", "Dynamics", "Shipyards", "Electronics", "Defence Systems", "Precision Works"];
const THINK_TOPIC = ["Maritime", "Strategic", "Security", "Defence", "Ocean", "Regional", "Policy", "Peace and Conflict", "Technology Policy", "Island"];
const THINK_TYPE = ["Studies", "Research", "Affairs", "Analysis"];

const LAW_ADJ = ["Revised", "National", "Comprehensive", "Second", "New", "Updated", "Interim", "Consolidated"];
const LAW_TOPIC = ["Maritime Security", "Defence Export", "Coastal Protection", "Arms Transfer", "Space Security", "Defence Industry", "Cyber Defence",
  "Offset", "Border Management", "Emergency Powers", "Defence Procurement", "Critical Technology", "Shipbuilding Support", "Sea Lanes", "Reserve Forces",
  "Dual-Use Goods", "Overseas Deployment", "Port Security", "Defence Research", "Strategic Materials"];
const LAW_TYPE = ["Act", "Law", "Guidelines", "Principles", "Policy", "White Paper", "Ordinance", "Strategy"];

const PLAT_BIRD = ["Kestrel", "Heron", "Albatross", "Petrel", "Skua", "Tern", "Gannet", "Shrike", "Harrier", "Merlin", "Plover", "Egret", "Curlew",
  "Swift", "Goshawk", "Kite", "Fulmar", "Bittern", "Grebe", "Avocet"];
const PLAT_SHIP = ["frigate", "destroyer", "corvette", "submarine", "patrol vessel", "landing ship", "minehunter", "fleet tanker", "survey ship"];
const PLAT_KIT = ["surveillance drone", "maritime radar", "utility helicopter", "anti-ship missile", "amphibian aircraft", "sonar suite", "patrol aircraft", "jet trainer", "ground robot"];

const PLACE_FORMS = [
  { type: "city", f: (w) => w, art: false },
  { type: "city", f: (w) => w, art: false },
  { type: "port", f: (w) => `Port ${w}`, art: false },
  { type: "port", f: (w) => w, art: false },
  { type: "bay", f: (w) => `${w} Bay`, art: false },
  { type: "sea", f: (w) => `${w} Sea`, art: true },
  { type: "strait", f: (w) => `${w} Strait`, art: true },
  { type: "islands", f: (w) => `${w} Islands`, art: true },
  { type: "base", f: (w) => `${w} Naval Base`, art: false },
  { type: "base", f: (w) => `${w} Air Base`, art: false },
];

const TITLES = {
  minister: ["Defence Minister", "Foreign Minister", "Minister of State for Defence", "National Security Adviser", "Foreign Secretary", "Defence Secretary", "Deputy Foreign Minister"],
  military: ["Admiral", "Vice Admiral", "Rear Admiral", "General", "Lieutenant General", "Major General", "Air Chief Marshal", "Air Marshal", "Commodore", "Captain", "Colonel"],
  expert: ["Dr", "Professor"],
  diplomat: ["Ambassador"],
};

const PUB_NOUN = ["Harbour", "Meridian", "Lantern", "Compass", "Anchor", "Tideline", "Keel", "Ridge", "Strait", "Beacon", "Atlas", "Quill", "Ledger",
  "Bearing", "Fathom", "Headland", "Lighthouse", "Sextant", "Current", "Chart"];
const PUB_OUTLET = ["Review", "Digest", "Dispatch", "Monitor", "Quarterly", "Observer", "Bulletin", "Journal", "Brief", "Herald", "Gazette", "Papers"];
const PUB_CENTRE = ["Centre for Maritime Studies", "Institute of Strategic Affairs", "Council on Regional Security", "Forum for Defence Policy",
  "Centre for Sea Power", "Institute for Ocean Policy", "Foundation for Security Research", "Society for Strategic Studies"];

const FURNITURE = ["Read More", "Become a Member", "Share this article", "Subscribe to our newsletter", "Advertisement", "Continue reading below",
  "Follow us on social media", "Support independent analysis — donate today", "Related Articles", "Sign up for the weekly briefing", "Print this page",
  "Comments are closed.", "Tags: defence, maritime, diplomacy"];

const TOPICS = ["technology transfer", "co-production", "maritime domain awareness", "ship repair", "supply-chain resilience", "export controls",
  "joint research", "interoperability", "logistics support", "information sharing", "undersea surveillance", "space situational awareness",
  "defence-industrial cooperation", "training exchanges", "cyber defence", "port access", "critical minerals", "disaster relief"];
const PACE = ["slow", "uneven", "steady", "faster than expected", "modest", "patchy", "real but limited", "incremental"];
const NEEDS = ["sustained political attention", "clearer export rules", "money as well as statements", "a standing secretariat", "patient diplomacy",
  "industrial partners willing to take risks", "better coordination between ministries"];

// ---------------------------------------------------------------- the world (depends only on the seed)

const POOL = { exercise: 1500, agreement: 1500, dialogue: 500, programme: 1000, org: 1500, law: 400, platform: 600, person: 3000, place: 1000 };
const ZIPF_S = { exercise: 1.05, agreement: 1.05, dialogue: 1.0, programme: 1.05, org: 1.05, law: 1.0, platform: 1.0, person: 1.0, place: 1.0 };
const NCOUNTRIES = 14;
const NPUBLISHERS = 120;
const NAUTHORS = 2500;
const HOLD_KINDS = new Set(["exercise", "agreement", "dialogue", "programme", "org", "law"]); // kinds whose years are canonical

function acronymOf(name) {
  const words = name.replace(/-/g, " ").split(/\s+/).filter((w) => w && !/^(of|and|for|the|on|in)$/i.test(w) && /^[A-Z]/.test(w));
  return words.map((w) => w[0]).join("");
}

const worldCache = new Map();

function buildWorld(seedInt) {
  if (worldCache.has(seedInt)) return worldCache.get(seedInt);
  const r = new Rng(hash32(seedInt, 0x57a11));
  const usedWords = new Set();
  const usedNames = new Set();
  const usedAcr = new Set();
  const ents = [];
  const byKind = {};
  const add = (e) => { e.i = ents.length; ents.push(e); (byKind[e.k] ??= []).push(e.i); usedNames.add(e.name.toLowerCase()); return e; };
  const setAcr = (e, p) => {
    if (!r.chance(p)) return;
    const a = acronymOf(e.name);
    if (a.length >= 3 && a.length <= 6 && !usedAcr.has(a)) { usedAcr.add(a); e.acr = a; }
  };
  const uniq = (make) => { for (let t = 0; t < 1000; t++) { const x = make(); if (!usedNames.has(x.name.toLowerCase())) return x; } throw new Error("vocabulary exhausted"); };

  // countries: invented names with demonyms and capitals
  const SUFFIX = [["ia", "ian"], ["ora", "oran"], ["ova", "ovan"], ["esh", "eshi"], ["ar", "ari"], ["is", "isian"], ["enn", "enni"], ["and", "andic"]];
  const countries = [];
  for (let c = 0; c < NCOUNTRIES; c++) {
    let root;
    do { root = pseudoWord(r, usedWords, 3, 6).replace(/[aeiouy]+$/i, ""); } while (root.length < 3);
    const [suf, dsuf] = r.pick(SUFFIX);
    countries.push({ name: root + suf, dem: root + dsuf, capital: -1 });
    usedNames.add((root + suf).toLowerCase());
  }
  const zCountry = zipfCdf(NCOUNTRIES, 1.1);
  const drawPair = () => { const a = r.cdf(zCountry); let b; do { b = r.cdf(zCountry); } while (b === a); return [a, b]; };

  // places (capitals first)
  for (let n = 0; n < POOL.place; n++) {
    const w = pseudoWord(r, usedWords);
    const form = n < NCOUNTRIES ? PLACE_FORMS[0] : r.pick(PLACE_FORMS);
    const e = add({ k: "place", name: form.f(w), art: form.art, type: form.type, c: n < NCOUNTRIES ? n : r.cdf(zCountry) });
    if (n < NCOUNTRIES) { countries[n].capital = e.i; e.capital = true; }
  }
  const placesOf = {};
  for (const pi of byKind.place) { const p = ents[pi]; ((placesOf[p.c] ??= {})[p.type] ??= []).push(pi); }

  const yearFor = (rank, lo, hi) => (rank < 40 ? r.range(lo, lo + Math.floor((hi - lo) / 2)) : r.range(lo, hi));

  for (let n = 0; n < POOL.exercise; n++) {
    const e = uniq(() => {
      const style = r.next();
      const t = r.pick(EX_TYPES);
      let name, short = null, caps = false, art = false;
      if (style < 0.45) { const b = `${r.pick(EX_ADJ)} ${r.pick(EX_NOUN)}`; name = `Exercise ${b}`; short = b; }
      else if (style < 0.65) { name = `${r.pick(EX_ADJ)} ${r.pick(EX_NOUN)}`.toUpperCase(); caps = true; }
      else if (style < 0.85) { const b = r.chance(0.5) ? `${pseudoWord(r, usedWords)} ${pseudoWord(r, usedWords)}` : pseudoWord(r, usedWords); name = `Exercise ${b}`; short = b; }
      else { name = `${r.pick(AGR_ADJ)} ${r.pick(["Harbour Defence", "Mine Clearance", "Sea Control", "Amphibious", "Air Defence", "Coastal Rescue", "Submarine Rescue", "Littoral Warfare"])} Exercise`; art = true; }
      return { k: "exercise", name, short, caps, art, t };
    });
    add(e);
    if (e.art) setAcr(e, 0.9);
    e.cs = e.t.key === "multi" ? (() => { const s = new Set(drawPair()); while (s.size < 3 + r.int(2)) s.add(r.cdf(zCountry)); return [...s]; })() : drawPair();
    e.y0 = yearFor(n, 1995, 2024);
    e.period = r.chance(0.6) ? 1 : 2;
    e.h = hash32(seedInt, 0xe0, e.i);
  }
  for (let n = 0; n < POOL.agreement; n++) {
    const e = uniq(() => { const d = r.pick(AGR_DOMAIN); return { k: "agreement", name: `${r.pick(AGR_ADJ)} ${d[0]} ${r.pick(AGR_TYPE)}`, purpose: d[1], art: true }; });
    add(e); setAcr(e, 0.75);
    e.cs = drawPair(); e.y0 = yearFor(n, 2000, 2025); e.m = r.int(12);
  }
  for (let n = 0; n < POOL.dialogue; n++) {
    const e = uniq(() => ({ k: "dialogue", name: `${r.pick(DLG_ADJ)} ${r.pick(DLG_TOPIC)} ${r.pick(DLG_TYPE)}`, art: true }));
    add(e); setAcr(e, 0.5);
    e.cs = drawPair(); e.y0 = yearFor(n, 2001, 2024); e.period = r.chance(0.5) ? 1 : 2; e.h = hash32(seedInt, 0xd1, e.i);
    e.covers = r.pick(DLG_TOPICS_COVERED);
  }
  for (let n = 0; n < POOL.programme; n++) {
    const e = uniq(() => {
      if (r.chance(0.15)) return { k: "programme", name: `Project ${pseudoWord(r, usedWords)}`, art: false, obj: r.pick(PRG_TECH)[1] };
      const t = r.pick(PRG_TECH);
      return { k: "programme", name: `${r.pick(PRG_ADJ)} ${t[0]} ${r.pick(PRG_TYPE)}`, art: true, obj: t[1] };
    });
    add(e); if (e.art) setAcr(e, 0.7);
    e.cs = r.chance(0.5) ? drawPair() : [r.cdf(zCountry)];
    e.y0 = yearFor(n, 2005, 2024); e.y1 = Math.min(2045, e.y0 + r.range(6, 20));
  }
  for (let n = 0; n < POOL.org; n++) {
    const e = uniq(() => {
      const c = r.cdf(zCountry), s = r.next();
      if (s < 0.55) return { k: "org", name: `${countries[c].dem} ${r.pick(ORG_DOMAIN)} ${r.pick(ORG_TYPE)}`, art: true, c, sort: "agency" };
      if (s < 0.85) return { k: "org", name: `${pseudoWord(r, usedWords)} ${r.pick(CO_TYPE)}`, art: false, c, sort: "company" };
      return { k: "org", name: `${pseudoWord(r, usedWords)} Institute for ${r.pick(THINK_TOPIC)} ${r.pick(THINK_TYPE)}`, art: true, c, sort: "think tank" };
    });
    add(e); setAcr(e, e.sort === "company" ? 0.15 : 0.8);
    e.cs = [e.c]; e.y0 = yearFor(n, 1960, 2022);
  }
  for (let n = 0; n < POOL.law; n++) {
    const e = uniq(() => ({ k: "law", name: `${r.pick(LAW_ADJ)} ${r.pick(LAW_TOPIC)} ${r.pick(LAW_TYPE)}`, art: true }));
    add(e); // no acronym: a law is written "Name (year)"
    e.c = r.cdf(zCountry); e.cs = [e.c]; e.y0 = yearFor(n, 1990, 2024);
  }
  for (let n = 0; n < POOL.platform; n++) {
    const e = uniq(() => r.chance(0.5)
      ? { k: "platform", name: `${r.pick(PLAT_BIRD)}-class ${r.pick(PLAT_SHIP)}`, art: true }
      : { k: "platform", name: `${String.fromCharCode(65 + r.int(26))}${String.fromCharCode(65 + r.int(26))}-${r.range(2, 99)} ${r.pick(PLAT_KIT)}`, art: true });
    add(e); e.c = r.cdf(zCountry); e.cs = [e.c];
  }
  for (let n = 0; n < POOL.person; n++) {
    const s = r.next();
    const role = s < 0.35 ? "minister" : s < 0.7 ? "military" : s < 0.9 ? "expert" : "diplomat";
    const first = pseudoWord(r, usedWords, 4, 8), last = pseudoWord(r, usedWords, 4, 9);
    add({ k: "person", name: `${first} ${last}`, last, role, title: r.pick(TITLES[role]), c: r.cdf(zCountry) });
  }
  for (const k of Object.keys(byKind)) byKind[k] = Int32Array.from(byKind[k]);

  // publishers and authors
  const publishers = [];
  const usedPub = new Set();
  while (publishers.length < NPUBLISHERS) {
    const s = r.next();
    const name = s < 0.55 ? `The ${r.pick(PUB_NOUN)} ${r.pick(PUB_OUTLET)}` : s < 0.8 ? `${pseudoWord(r, usedWords)} ${r.pick(PUB_CENTRE)}` : `${r.pick(PUB_NOUN)} ${r.pick(PUB_OUTLET)} Online`;
    if (usedPub.has(name)) continue;
    usedPub.add(name);
    const words = name.replace(/^The /, "").split(" ");
    publishers.push({
      name, domain: `${slugify(name.replace(/^The /, ""))}.example`, initials: words.map((w) => w[0].toLowerCase()).join(""),
      curly: r.chance(0.4), sub: r.chance(0.3), furniture: r.chance(0.7), header: r.chance(0.12),
    });
  }
  const authors = [];
  for (let n = 0; n < NAUTHORS; n++) {
    const first = pseudoWord(r, usedWords, 4, 8), last = pseudoWord(r, usedWords, 4, 9);
    authors.push({ name: `${r.chance(0.2) ? "Dr " : ""}${first} ${last}`, key: last.toLowerCase() });
  }

  const zipf = {};
  for (const k of Object.keys(POOL)) zipf[k] = zipfCdf(POOL[k], ZIPF_S[k]);
  const world = {
    seedInt, ents, byKind, countries, placesOf, publishers, authors, zipf,
    zPub: zipfCdf(NPUBLISHERS, 0.9), zAuthor: zipfCdf(NAUTHORS, 0.8), zCountry,
    names: usedNames,
  };
  worldCache.set(seedInt, world);
  return world;
}

// occurrences of exercises / dialogue rounds, derived from a per-entity hash (no storage)
function editions(e) {
  const ys = [];
  for (let y = e.y0; y <= 2025; y += e.period) ys.push(y);
  return ys;
}
function editionDetail(w, e, year) {
  const h = hash32(e.h, year);
  const c = e.cs[h % e.cs.length];
  const month = (h >>> 8) % 12, day = 1 + ((h >>> 12) % 28);
  const pl = w.placesOf[c] ?? {};
  const kinds = (e.k === "exercise" ? e.t.placeKinds : ["city"]).filter((k) => pl[k]?.length);
  let place = w.countries[c].capital;
  if (kinds.length) { const arr = pl[kinds[(h >>> 17) % kinds.length]]; place = arr[(h >>> 20) % arr.length]; }
  if (e.k === "dialogue" && ((h >>> 22) & 1)) place = w.countries[c].capital;
  return { month, day, place };
}
function associatedYears(e) {
  const s = new Set([e.y0]);
  if (e.k === "exercise" || e.k === "dialogue") for (const y of editions(e)) s.add(y);
  if (e.y1) s.add(e.y1);
  return s;
}

// ---------------------------------------------------------------- documents

const docMeta = new WeakMap();

function placeName(w, pi, start = false) {
  const p = w.ents[pi];
  const s = p.art ? `the ${p.name}` : p.name;
  return start ? cap(s) : s;
}

class DocCtx {
  constructor(w, r, year, pub) {
    this.w = w; this.r = r; this.year = year; this.pub = pub;
    this.apo = pub.curly ? "’" : "'";
    this.useAcr = r.chance(0.85);
    this.usedFill = new Set(); this.used = new Set(); this.intro = new Set(); this.acrUsed = new Set(); this.mentioned = new Set(); this.facts = [];
  }
  /** a template index in [0, n) not yet used in this document for (tag, entity), or -1;
   *  with once, -1 as soon as any template of (tag, entity) was used */
  tpl(tag, i, n, once = false) {
    if (once) { const k = `${tag}:${i}`; if (this.used.has(k)) return -1; this.used.add(k); }
    const t0 = this.r.int(n);
    for (let k = 0; k < n; k++) {
      const t = (t0 + k) % n, key = `${tag}:${i}:${t}`;
      if (!this.used.has(key)) { this.used.add(key); return t; }
    }
    return -1;
  }
  poss(s) { return s.endsWith("s") ? `${s}${this.apo}` : `${s}${this.apo}s`; }
  ctry(c) { return this.w.countries[c].name; }
  dem(c) { return this.w.countries[c].dem; }
  cs(e) { return list(e.cs.map((c) => this.ctry(c))); }
  place(pi, start) { this.mentioned.add(pi); return placeName(this.w, pi, start); }
  /** the name of entity i as this document writes it at this point */
  name(i, start = false) {
    const e = this.w.ents[i], r = this.r;
    let s;
    if (e.k === "person") return this.person(i, start);
    if (!this.intro.has(i)) {
      this.intro.add(i); this.mentioned.add(i);
      s = (e.art ? "the " : "") + e.name;
      if (e.acr && this.useAcr) { s += ` (${e.acr})`; this.acrUsed.add(i); }
      else if (e.k === "exercise" && r.chance(0.12)) s = `“${e.short ?? e.name}”`.replace(/[“”]/g, this.pub.curly ? "$&" : '"');
    } else if (this.acrUsed.has(i) && r.chance(0.65)) s = (e.art && e.k !== "org" ? "the " : e.art && r.chance(0.7) ? "the " : "") + e.acr;
    else if (e.short && r.chance(0.5)) s = e.short;
    else s = (e.art ? "the " : "") + e.name;
    return start ? cap(s) : s;
  }
  person(i, start = false) {
    const e = this.w.ents[i];
    let s;
    if (!this.intro.has(i)) {
      this.intro.add(i); this.mentioned.add(i);
      s = e.role === "minister" || e.role === "diplomat" ? `${this.dem(e.c)} ${e.title} ${e.name}` : `${e.title} ${e.name}`;
    } else s = e.role === "military" && this.r.chance(0.5) ? `${e.title} ${e.last}` : e.last;
    return start ? cap(s) : s;
  }
}

function drawEnt(ctx, kind, maxYear) {
  const w = ctx.w, r = ctx.r;
  let i = w.byKind[kind][r.cdf(w.zipf[kind])];
  for (let t = 0; t < 4 && maxYear && w.ents[i].y0 > maxYear; t++) i = w.byKind[kind][r.cdf(w.zipf[kind])];
  return i;
}

const LEAD_KINDS = ["exercise", "exercise", "exercise", "agreement", "agreement", "agreement", "dialogue", "dialogue", "programme", "programme", "org", "org", "law", "platform"];

// --- sentences. Each returns a string; fact sentences also push a fact record.
function factSentence(ctx, i) {
  const w = ctx.w, r = ctx.r, e = w.ents[i];
  const Y = ctx.year;
  const rec = (f) => { ctx.facts.push(f); };
  switch (e.k) {
    case "exercise": {
      const eds = editions(e).filter((y) => y <= Y);
      if (!eds.length) return mentionSentence(ctx, i);
      let t = r.chance(0.45) ? ctx.tpl("exF", i, 4, true) : -1;
      if (t >= 0) {
        if (t === 0) { rec({ t: "exFirst", e: i, y: e.y0, cs: true }); return `${ctx.cs(e)} first held ${ctx.name(i)} in ${e.y0}.`; }
        if (t === 1) { rec({ t: "exFirst", e: i, y: e.y0 }); return `${ctx.name(i, true)}, ${e.t.desc}, was first held in ${e.y0}.`; }
        if (t === 2) { rec({ t: "exFirst", e: i, y: e.y0 }); return `The first edition of ${ctx.name(i)} was held in ${e.y0}, and the drill has since become a fixture of the calendar.`; }
        rec({ t: "exFirst", e: i, y: e.y0, cs: true }); return `${ctx.name(i, true)} dates back to ${e.y0}, when ${ctx.cs(e)} sent units to a single week of manoeuvres.`;
      }
      const y = eds[eds.length - 1 - Math.min(eds.length - 1, Math.floor(r.next() * r.next() * eds.length))];
      const d = editionDetail(w, e, y);
      if (ctx.used.has(`exE${y}:${i}:0`) || ctx.used.has(`exE${y}:${i}:1`) || ctx.used.has(`exE${y}:${i}:2`) || ctx.used.has(`exE${y}:${i}:3`)) return mentionSentence(ctx, i);
      const nm = ctx.name(i); // introduces the series name first
      const ed = e.caps || e.short ? `${e.short ?? e.name} ${y}` : `the ${y} edition of the ${e.name}`;
      const ord = editions(e).indexOf(y) + 1;
      t = ctx.tpl(`exE${y}`, i, 4);
      if (t < 0) return mentionSentence(ctx, i);
      const f = { t: "exEdition", e: i, y, m: d.month, place: d.place };
      if (t === 0) { rec(f); return `${cap(ed)} was held ${e.t.at} ${ctx.place(d.place)} in ${MONTHS[d.month]} ${y}, continuing ${nm}.`; }
      if (t === 1) { rec({ ...f, d: d.day }); return `Crews from ${ctx.cs(e)} took part in ${ed} ${e.t.at} ${ctx.place(d.place)} on ${d.day} ${MONTHS[d.month]} ${y}, the ${ordinal(ord)} edition of ${nm}.`; }
      if (t === 2) { rec({ ...f, d: d.day }); return `On ${d.day} ${MONTHS[d.month]} ${y}, ${ed} opened ${e.t.at} ${ctx.place(d.place)} with ${r.pick(e.t.acts)}.`; }
      rec(f); return `${cap(nm)} returned in ${MONTHS[d.month]} ${y}: ${ed}, held ${e.t.at} ${ctx.place(d.place)}, focused on ${r.pick(e.t.acts)}.`;
    }
    case "agreement": {
      if (e.y0 > Y) return mentionSentence(ctx, i);
      const t = ctx.tpl("agr", i, 5, true), M = MONTHS[e.m];
      if (t < 0) return mentionSentence(ctx, i);
      if (t === 0) { rec({ t: "agrSigned", e: i, y: e.y0, m: e.m, cs: true }); return `${ctx.cs(e)} signed ${ctx.name(i)} in ${M} ${e.y0}.`; }
      if (t === 1) { rec({ t: "agrSigned", e: i, y: e.y0, m: e.m }); return `${ctx.name(i, true)} was signed in ${M} ${e.y0} and allows ${e.purpose}.`; }
      if (t === 2) { rec({ t: "agrSigned", e: i, y: e.y0, m: e.m }); return `Signed in ${M} ${e.y0}, ${ctx.name(i)} provides for ${e.purpose}.`; }
      if (t === 3) { rec({ t: "agrSigned", e: i, y: e.y0, m: e.m }); return `In ${M} ${e.y0} the two governments concluded ${ctx.name(i)}, which covers ${e.purpose}.`; }
      rec({ t: "agrSigned", e: i, y: e.y0, m: e.m, cs: true }); return `${ctx.name(i, true)}, signed by ${ctx.cs(e)} in ${M} ${e.y0}, took ${r.range(2, 9)} years to negotiate.`;
    }
    case "dialogue": {
      const eds = editions(e).filter((y) => y <= Y);
      if (!eds.length) return mentionSentence(ctx, i);
      const t = r.chance(0.4) ? ctx.tpl("dlI", i, 3, true) : -1;
      if (t >= 0) {
        if (t === 0) { rec({ t: "dlgInaug", e: i, y: e.y0 }); return `${ctx.name(i, true)} was launched in ${e.y0}.`; }
        if (t === 1) { rec({ t: "dlgInaug", e: i, y: e.y0, cs: true }); return `${ctx.cs(e)} began ${ctx.name(i)} in ${e.y0}, meant as an annual affair.`; }
        rec({ t: "dlgInaug", e: i, y: e.y0 }); return `${ctx.name(i, true)}, launched in ${e.y0}, has covered ${e.covers}.`;
      }
      const k = eds.length - 1 - Math.min(eds.length - 1, Math.floor(r.next() * r.next() * eds.length));
      const y = eds[k], d = editionDetail(w, e, y);
      const t2 = ctx.tpl(`dlR${y}`, i, 1);
      if (t2 < 0) return mentionSentence(ctx, i);
      const f = { t: "dlgRound", e: i, y, m: d.month, d: d.day, place: d.place, ord: k + 1 };
      rec(f);
      if (r.chance(0.5)) return `The ${ordinal(k + 1)} round of ${ctx.name(i)} took place in ${ctx.place(d.place)} on ${d.day} ${MONTHS[d.month]} ${y}.`;
      return `On ${d.day} ${MONTHS[d.month]} ${y}, ${ctx.name(i)} met for the ${ordinal(k + 1)} time, in ${ctx.place(d.place)}.`;
    }
    case "programme": {
      if (e.y0 > Y) return mentionSentence(ctx, i);
      const t = ctx.tpl("prg", i, 4, true), A = ctx.ctry(e.cs[0]);
      if (t < 0) return mentionSentence(ctx, i);
      if (t === 0) { rec({ t: "progLaunch", e: i, y: e.y0 }); return `${ctx.name(i, true)} was launched in ${e.y0} to develop ${e.obj}.`; }
      if (t === 1) { rec({ t: "progTarget", e: i, y: e.y1, c1: true }); return `Under ${ctx.name(i)}, ${A} aims to field ${e.obj} by ${e.y1}.`; }
      if (t === 2) { rec({ t: "progTarget", e: i, y: e.y1 }); return `${ctx.name(i, true)} is meant to deliver ${e.obj} by ${e.y1}.`; }
      rec({ t: "progLaunch", e: i, y: e.y0 }); rec({ t: "progTarget", e: i, y: e.y1 });
      return `Started in ${e.y0}, ${ctx.name(i)} has a target date of ${e.y1} for ${e.obj}.`;
    }
    case "org": {
      if (e.y0 > Y) return mentionSentence(ctx, i);
      const t = ctx.tpl("org", i, 3, true);
      if (t < 0) return mentionSentence(ctx, i);
      rec({ t: "orgFounded", e: i, y: e.y0 });
      if (t === 0) return `${ctx.name(i, true)} was established in ${e.y0}.`;
      if (t === 1) return `Since its creation in ${e.y0}, ${ctx.name(i)} has ${r.pick(["grown into a key player on " + r.pick(TOPICS), "worked on " + r.pick(TOPICS), "advised ministers on " + r.pick(TOPICS)])}.`;
      return `${ctx.name(i, true)}, set up in ${e.y0}, now employs about ${r.range(2, 90) * 100} people.`;
    }
    case "law": {
      if (e.y0 > Y) return mentionSentence(ctx, i);
      const t = ctx.tpl("law", i, 3, true), A = ctx.ctry(e.c);
      if (t < 0) return mentionSentence(ctx, i);
      const nm = () => `${ctx.name(i)} (${e.y0})`;
      rec({ t: "lawYear", e: i, y: e.y0, c1: t === 0 });
      if (t === 0) return `${ctx.poss(A)} ${nm().replace(/^the /, "")} loosened the rules on ${r.pick(TOPICS)}.`;
      if (t === 1) return `Under ${nm()}, ministries must report on ${r.pick(TOPICS)} every year.`;
      return `${ctx.name(i, true)}, adopted in ${e.y0}, set the legal basis for ${r.pick(TOPICS)}.`;
    }
    default: return mentionSentence(ctx, i);
  }
}

function mentionSentence(ctx, i) {
  const w = ctx.w, r = ctx.r, e = w.ents[i];
  const N = (start) => ctx.name(i, start);
  const T = {
    exercise: [
      () => `${N(true)} now includes ${r.pick(e.t.acts)}.`,
      () => `Officials described ${N()} as ${r.pick(["a test of interoperability", "the most complex drill of the year", "a routine but useful event", "a signal to the region"])}.`,
      () => `${N(true)}, ${e.t.desc}, has grown in scope.`,
      () => `Observers expect ${N()} to add ${r.pick(e.t.acts)} next time.`,
    ],
    agreement: [
      () => `Negotiations on ${N()} took years.`,
      () => `${N(true)} has yet to be used in practice, officials say.`,
      () => `Critics argue that ${N()} is narrow in scope.`,
      () => `${N(true)} allows ${e.purpose}.`,
    ],
    dialogue: [
      () => `${N(true)} has covered ${e.covers}.`,
      () => `Participants at ${N()} discussed ${r.pick(TOPICS)}.`,
      () => `${N(true)} was supposed to meet every year but has not always done so.`,
    ],
    programme: [
      () => `${N(true)} has struggled with cost overruns.`,
      () => `Industry in ${ctx.ctry(e.cs[0])} has lobbied hard for ${N()}.`,
      () => `${N(true)} is meant to deliver ${e.obj}.`,
    ],
    org: e.sort === "company" ? [
      () => `${N(true)} is bidding for ${r.pick(PRG_TECH)[1]}.`,
      () => `${N(true)} has opened an office in ${placeName(w, w.countries[ctx.B].capital)}.`,
    ] : [
      () => `${N(true)} leads ${ctx.poss(ctx.ctry(e.c))} work on ${r.pick(TOPICS)}.`,
      () => `${N(true)} has published a report on ${r.pick(TOPICS)}.`,
      () => `Officials at ${N()} say ${fillerClause(ctx)}.`,
    ],
    law: [
      () => `${N(true)} remains controversial at home.`,
      () => `Amending ${N()} would take time.`,
    ],
    platform: [
      () => `${ctx.ctry(e.c)} has offered ${N()} for export.`,
      () => `${N(true)} could be built under licence.`,
      () => `A ${ctx.dem(e.c)} delegation showed ${N()} to visiting officers.`,
    ],
  }[e.k];
  const t = T ? ctx.tpl("m", i, T.length) : -1;
  if (t < 0) return fillerSentence(ctx, ctx.A, ctx.B);
  ctx.facts.push({ t: "mention", e: i });
  return T[t]();
}

function personSentence(ctx, p1, p2, pl) {
  const w = ctx.w, r = ctx.r;
  let t = ctx.tpl("p", p1, 6);
  if (t < 0) return fillerSentence(ctx, ctx.A, ctx.B);
  if (t === 0 && p2 === p1) t = 2;
  if (t === 0) {
    const a = ctx.person(p1, true), b = ctx.person(p2);
    ctx.facts.push({ t: "personMeet", e: p1, p2, place: pl });
    return `${a} met ${b} in ${ctx.place(pl)}.`;
  }
  if (t === 1) {
    const y = ctx.year - r.int(2), m = r.int(12), d = 1 + r.int(28);
    const a = ctx.person(p1, true);
    ctx.facts.push({ t: "personVisit", e: p1, y, m, place: pl });
    return `${a} visited ${ctx.place(pl)} on ${d} ${MONTHS[m]} ${y}.`;
  }
  if (t === 2) return `${ctx.person(p1, true)} said the talks had been ${r.pick(["productive", "frank", "useful", "long overdue", "difficult but constructive"])}.`;
  if (t === 3) return `According to ${ctx.person(p1)}, ${fillerClause(ctx)}.`;
  if (t === 4) return `${ctx.person(p1, true)} called for faster progress on ${r.pick(TOPICS)}.`;
  return `${ctx.person(p1, true)} told reporters in ${ctx.place(pl)} that ${fillerClause(ctx)}.`;
}

function fillerClause(ctx) {
  const r = ctx.r;
  switch (r.int(8)) {
    case 0: return `progress on ${r.pick(TOPICS)} has been ${r.pick(PACE)}`;
    case 1: return `work on ${r.pick(TOPICS)} remains the hardest part of the relationship`;
    case 2: return `the partnership still lacks ${r.pick(NEEDS)}`;
    case 3: return `any deal on ${r.pick(TOPICS)} will need ${r.pick(NEEDS)}`;
    case 4: return "neither side wants to move faster than domestic politics allows";
    case 5: return `the bureaucracies on both sides are still learning to work together`;
    case 6: return `the private sector has been slower than governments to engage`;
    default: { const t1 = r.int(TOPICS.length), t2 = (t1 + 1 + r.int(TOPICS.length - 1)) % TOPICS.length; return `the two sides now see ${TOPICS[t1]} and ${TOPICS[t2]} as linked`; }
  }
}

const FILLERS = [
  (ctx, a, b, r) => `${r.pick(["Analysts", "Diplomats on both sides", "Defence officials", "Several observers", "Industry executives", "Retired officers"])} ${r.pick(["argue", "note", "acknowledge", "expect", "warn", "suggest"])} that ${fillerClause(ctx)}.`,
  (ctx, a, b, r) => `Officials in ${placeName(ctx.w, ctx.w.countries[a].capital)} ${r.pick(["argue", "concede", "insist", "privately admit"])} that ${fillerClause(ctx)}.`,
  (ctx, a, b, r) => `The relationship has moved well beyond ${r.pick(["courtesy calls", "ceremonial visits", "declarations of intent", "port visits"])}.`,
  (ctx, a, b, r) => `None of this happened overnight.`,
  (ctx, a, b, r) => `Much depends on ${r.pick(NEEDS)}.`,
  (ctx, a, b, r) => `For now, ${r.pick(TOPICS)} is the area to watch.`,
  (ctx, a, b, r) => `${ctx.poss(ctx.ctry(a))} approach has been ${r.pick(["cautious", "incremental", "pragmatic", "ambitious on paper"])}, and ${ctx.ctry(b)} has ${r.pick(["matched it", "pushed for more", "been patient", "kept its options open"])}.`,
  (ctx, a, b, r) => `The gap between ambition and delivery remains wide — particularly on ${r.pick(TOPICS)}.`,
  (ctx, a, b, r) => `This is not a trivial shift for either capital.`,
  (ctx, a, b, r) => `Both governments describe ${r.pick(TOPICS)} as a priority, but budgets tell a different story.`,
  (ctx, a, b, r) => `There is, in short, ${r.pick(["a lot of low-hanging fruit left", "little appetite for risk", "more talk than action", "a solid base to build on"])}.`,
  (ctx, a, b, r) => `Such cooperation ${r.pick(["would", "could", "might"])} also help ${r.pick(TOPICS)}.`,
  (ctx, a, b, r) => `${cap(r.pick(TOPICS))} is always difficult, because even close partners guard their ${r.pick(["technology", "data", "industrial secrets", "supply chains"])} jealously.`,
  (ctx, a, b, r) => `The joint statement was long on ${r.pick(["aspiration", "process", "symbolism"])} and short on ${r.pick(["detail", "deadlines", "money"])}.`,
  (ctx, a, b, r) => `For ${ctx.ctry(b)}, the attraction is ${r.pick(["access to a large market", "a partner with shipyards to spare", "diversified supply", "a second source of technology"])}.`,
  (ctx, a, b, r) => `Seen from ${placeName(ctx.w, ctx.w.countries[b].capital)}, ${fillerClause(ctx)}.`,
  (ctx, a, b, r) => `The ${r.pick(["next twelve months", "coming budget cycle", "next summit", "next round of talks"])} will show whether ${fillerClause(ctx)}.`,
  (ctx, a, b, r) => `It would be a mistake to read too much into ${r.pick(["a single visit", "one joint statement", "the communiqué", "a photo opportunity"])}.`,
  (ctx, a, b, r) => `Still, the direction of travel is ${r.pick(["clear", "encouraging", "hard to miss", "unmistakable"])}.`,
  (ctx, a, b, r) => `Public opinion in ${ctx.ctry(a)} remains ${r.pick(["broadly supportive", "largely indifferent", "wary of entanglement", "divided"])}.`,
  (ctx, a, b, r) => { const y = ctx.year - r.range(1, 6); return `In ${y}, the pace of engagement ${r.pick(["picked up", "slowed", "became more regular", "stalled briefly"])}.`; },
  (ctx, a, b, r) => `${r.pick(["Three", "Several", "Two", "A handful of"])} ${r.pick(["working groups", "task forces", "joint committees"])} now meet ${r.pick(["every quarter", "twice a year", "annually"])}.`,
  (ctx, a, b, r) => `Funding, not intent, is the binding constraint.`,
  (ctx, a, b, r) => `The ${ctx.dem(a)} and ${ctx.dem(b)} navies ${r.pick(["already know each other well", "have only recently begun to train together", "share a common interest in open sea lanes"])}.`,
];

function fillerSentence(ctx, A, B) {
  const r = ctx.r;
  const a = A ?? 0, b = B ?? 1;
  const k0 = r.int(FILLERS.length);
  let k = k0;
  for (let t = 0; t < FILLERS.length && ctx.usedFill.has(k); t++) k = (k0 + t) % FILLERS.length;
  ctx.usedFill.add(k);
  return FILLERS[k](ctx, a, b, r);
}

const TITLE_T = [
  (A, B, X, T) => `${A} and ${B} take ${T.adj} steps on ${T.topic}`,
  (A, B, X) => `${A}-${B} ties: what ${X} tells us`,
  (A, B, X, T) => `${A}–${B} Strategic Cooperation: ${cap(T.topic)} and Beyond`,
  (A, B, X, T) => `Why ${X} matters for ${A}`,
  (A, B, X, T) => `${A} and ${B}: the quieter side of ${T.topic}`,
  (A, B, X, T) => `${cap(T.topic)}: ${A} looks to ${B}`,
  (A, B, X) => `After ${X}, a new phase for ${A} and ${B}?`,
  (A, B, X, T) => `${A}-${B} Ties Steady; ${cap(T.topic)} Next?`,
];

function makeDoc(w, seedInt, i, head) {
  const r = new Rng(hash32(seedInt, 0xb0d1, i));
  const pub = w.publishers[head.pub];
  const ctx = new DocCtx(w, r, head.year, pub);
  // lead entities: the document's subject
  const nLead = r.range(2, 5);
  const leads = [];
  for (let k = 0; k < nLead; k++) { const i2 = drawEnt(ctx, r.pick(LEAD_KINDS), head.year); if (!leads.includes(i2)) leads.push(i2); }
  const lead0 = w.ents[leads[0]];
  const A = lead0.cs[0], B = lead0.cs[1] ?? (lead0.cs[0] === 0 ? 1 : 0);
  ctx.A = A; ctx.B = B;
  const people = [];
  for (let k = r.range(1, 4); k > 0; k--) people.push(drawEnt(ctx, "person"));
  const places = [];
  for (let k = r.range(1, 3); k > 0; k--) places.push(drawEnt(ctx, "place"));

  // paragraphs
  const size = r.next(); // short (30%), medium (50%) and long (20%) documents
  const nPara = size < 0.3 ? r.range(4, 6) : size < 0.8 ? r.range(6, 10) : r.range(10, 12);
  const sLo = size < 0.3 ? 2 : size < 0.8 ? 3 : 5, sHi = size < 0.3 ? 5 : 6;
  const paras = [];
  for (let p = 0; p < nPara; p++) {
    const nSent = r.range(sLo, sHi);
    const s = [];
    for (let q = 0; q < nSent; q++) {
      const x = r.next();
      if (x < 0.42) s.push(factSentence(ctx, r.chance(0.65) ? r.pick(leads) : drawEnt(ctx, r.pick(LEAD_KINDS), head.year)));
      else if (x < 0.58) s.push(mentionSentence(ctx, r.chance(0.5) ? r.pick(leads) : drawEnt(ctx, r.pick(LEAD_KINDS))));
      else if (x < 0.7) s.push(personSentence(ctx, r.pick(people), r.pick(people), r.chance(0.5) ? r.pick(places) : w.countries[r.chance(0.5) ? A : B].capital));
      else s.push(fillerSentence(ctx, A, B));
    }
    if (r.chance(0.06)) paras.push(s.map((x) => `- ${x}`).join("\n"));
    else paras.push(s.join(" "));
  }

  const T = { adj: r.pick(["small", "cautious", "bold", "steady", "new"]), topic: r.pick(TOPICS) };
  const X = (() => { const e = w.ents[leads[0]]; return e.acr && ctx.acrUsed.has(leads[0]) ? e.acr : e.short ?? e.name; })();
  let title = r.pick(TITLE_T)(w.countries[A].name, w.countries[B].name, X, T);
  if (pub.curly) title = title.replace(/'/g, "’");

  // assemble, with subheadings and page furniture
  const out = [];
  out.push("---", `id: ${head.id}`, `title: ${JSON.stringify(title)}`, `author: ${JSON.stringify(head.author)}`,
    `publisher: ${JSON.stringify(pub.name)}`, `date: ${head.year}-${pad2(head.month + 1)}-${pad2(head.day)}`,
    `url: https://${pub.domain}/${head.year}/${pad2(head.month + 1)}/${slugify(title)}`, "---", "", `# ${title}`, "");
  const runningHeader = `${pub.name} | ${title}`;
  for (let p = 0; p < paras.length; p++) {
    if (p > 0 && pub.sub && r.chance(0.18)) out.push(r.chance(0.5) ? `## ${cap(r.pick(TOPICS))}` : `${cap(r.pick(["addressing", "beyond", "the road to", "rethinking"]))} ${r.pick(TOPICS)}`, "");
    out.push(paras[p], "");
    if (pub.header && p % 3 === 2) out.push(runningHeader, `Page ${Math.floor(p / 3) + 1}`, "");
    else if (pub.furniture && r.chance(0.12)) out.push(r.pick(FURNITURE), "");
  }
  if (pub.furniture) { out.push(r.pick(FURNITURE)); if (r.chance(0.6)) out.push(r.pick(FURNITURE)); out.push(""); }
  const text = out.join("\n");
  const doc = { id: head.id, fileName: `${head.id}.md`, text };
  docMeta.set(doc, { i, entities: ctx.mentioned, acr: ctx.acrUsed, facts: ctx.facts, A, B, w });
  return doc;
}

function letters(n) { let s = ""; n++; while (n > 0) { n--; s = String.fromCharCode(97 + (n % 26)) + s; n = Math.floor(n / 26); } return s; }

/** The synthetic corpus: `docs` documents, deterministic in (docs, seed). */
export function generateCorpus({ docs = 1000, seed = 1 } = {}) {
  const n = Math.max(0, Math.floor(docs));
  const seedInt = seedToInt(seed);
  const w = buildWorld(seedInt);
  const seen = new Map();
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = new Rng(hash32(seedInt, 0x4ead, i));
    const year = 2025 - Math.floor(14 * Math.pow(r.next(), 1.6));
    const month = r.int(12), day = 1 + r.int(28);
    const pub = r.cdf(w.zPub);
    let author, key;
    if (r.chance(0.85)) { const a = w.authors[r.cdf(w.zAuthor)]; author = a.name; key = a.key; }
    else { author = `${w.publishers[pub].name.replace(/^The /, "")} staff`; key = w.publishers[pub].initials; }
    const base = `${key}${year}`;
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    const id = k === 0 ? base : base + letters(k - 1);
    out[i] = makeDoc(w, seedInt, i, { id, year, month, day, pub, author });
  }
  return out;
}

/** Write documents as DIR/<fileName>. With { clean: true }, also removes the other *.md files in DIR (left by a larger run). */
export function writeCorpus(dir, docs, { clean = false } = {}) {
  mkdirSync(dir, { recursive: true });
  if (clean) {
    const keep = new Set(docs.map((d) => d.fileName));
    for (const f of readdirSync(dir)) if (f.endsWith(".md") && !keep.has(f)) unlinkSync(join(dir, f));
  }
  let bytes = 0;
  for (const d of docs) {
    const buf = Buffer.from(d.text, "utf8");
    bytes += buf.length;
    writeFileSync(join(dir, d.fileName), buf);
  }
  return { files: docs.length, bytes };
}

// ---------------------------------------------------------------- the briefing note

function misspell(r, word) {
  const w = word.split("");
  const i = 1 + r.int(w.length - 2); // never the first letter
  switch (r.int(4)) {
    case 0: if (i < w.length - 1 && w[i] !== w[i + 1]) { [w[i], w[i + 1]] = [w[i + 1], w[i]]; break; } // swap, else fall through
    // falls through
    case 1: w.splice(i, 1); break; // drop
    case 2: w.splice(i, 0, w[i]); break; // double
    default: { const V = "aeiou"; const j = w.findIndex((c, k) => k >= 1 && V.includes(c)); if (j >= 0) w[j] = V[(V.indexOf(w[j]) + 1 + r.int(4)) % 5]; else w.splice(i, 1); }
  }
  return w.join("");
}

const GENERIC = new Set(["Exercise", "Agreement", "Accord", "Arrangement", "Protocol", "Memorandum", "Understanding", "Pact", "Framework", "Compact",
  "Convention", "Dialogue", "Forum", "Committee", "Roundtable", "Working", "Group", "Mechanism", "Programme", "Initiative", "Project", "Mission", "Plan",
  "Agency", "Institute", "Office", "Council", "Bureau", "Directorate", "Board", "Command", "Authority", "Centre", "Act", "Law", "Guidelines", "Principles",
  "Policy", "White", "Paper", "Ordinance", "Strategy", "Studies", "Research", "Affairs", "Analysis"]);

/** a misspelling of entity e's full name that is no name of the world, or null */
function misspelledName(w, r, e) {
  const words = e.name.split(" ");
  const cand = words.map((x, k) => k).filter((k) => /^[A-Z][a-z]{4,}$/.test(words[k]) && !GENERIC.has(words[k]));
  if (!cand.length) return null;
  for (let t = 0; t < 6; t++) {
    const k = r.pick(cand);
    const bad = misspell(r, words[k]);
    if (bad === words[k]) continue;
    const name = words.map((x, j) => (j === k ? bad : x)).join(" ");
    if (!w.names.has(name.toLowerCase())) return name;
  }
  return null;
}

const KIND_LABEL = { exercise: "exercise", agreement: "agreement", dialogue: "dialogue", programme: "programme", org: "organisation", law: "law", platform: "platform" };
const SECTION_TITLES = {
  exercise: ["Exercises", "Military exercises", "Drills and deployments", "Exercises at a glance"],
  agreement: ["Agreements", "Agreements and legal basis", "Treaties and arrangements"],
  dialogue: ["Dialogues", "Dialogue mechanisms", "Talks and consultations"],
  programme: ["Programmes", "Programmes and industry", "Capability development"],
  org: ["Institutions", "Agencies and firms", "Who is who: organisations"],
  law: ["Legal and policy framework", "Laws and policy documents"],
  person: ["People", "Visits and meetings", "Leaders and officials"],
};
const ACTIONS = ["set milestones for co-production", "invite the other's firms into its defence corridors", "fund a joint research centre",
  "publish a roadmap for technology transfer", "regularise staff talks", "open a liaison office", "share maritime data in near real time",
  "agree a common list of dual-use items", "expand officer exchanges", "simplify export licensing"];

/** The briefing note, and the findings it was built to carry ({ expect, optional }: line -> codes). */
export function generateNoteWithLabels({ lines = 1000, corpus, seed = 1 } = {}) {
  if (!Array.isArray(corpus) || !corpus.length) throw new Error("generateNote: corpus must be a non-empty array from generateCorpus()");
  const metas = corpus.map((d) => docMeta.get(d));
  if (metas.some((m) => !m)) throw new Error("generateNote: corpus documents must be the objects returned by generateCorpus() in this process");
  const w = metas[0].w;
  const r = new Rng(hash32(seedToInt(seed), 0x90fe));
  const ids = new Set(corpus.map((d) => d.id));

  // fact index: entity -> [[docIndex, factIndex]], per kind: entities ordered by rank
  const byEnt = new Map();
  metas.forEach((m, di) => m.facts.forEach((f, fi) => { let a = byEnt.get(f.e); if (!a) byEnt.set(f.e, (a = [])); a.push(di * 65536 + fi); }));
  const kindEnts = {};
  for (const k of ["exercise", "agreement", "dialogue", "programme", "org", "law", "platform", "person"]) {
    kindEnts[k] = Array.from(w.byKind[k]).filter((i) => byEnt.has(i));
  }
  const kindZ = {};
  for (const k of Object.keys(kindEnts)) if (kindEnts[k].length) kindZ[k] = zipfCdf(kindEnts[k].length, 0.9);
  const kinds = Object.keys(kindZ);

  const pickFact = (kind, pred) => {
    for (let t = 0; t < 30; t++) {
      const k = kind && kindZ[kind] && t < 20 ? kind : r.pick(kinds);
      const e = kindEnts[k][r.cdf(kindZ[k])];
      const arr = byEnt.get(e);
      const code = arr[r.int(arr.length)];
      const di = Math.floor(code / 65536), f = metas[di].facts[code % 65536];
      if (!pred || pred(f)) return { di, f };
    }
    return null;
  };
  const cite = (di) => `[@${corpus[di].id}]`;
  const C = (e) => list(e.cs.map((c) => w.countries[c].name));
  const P = (pi, start) => placeName(w, pi, start);
  const personFull = (i) => { const p = w.ents[i]; return `${p.title} ${p.name}`; };

  /** the note's name for entity i when citing doc di */
  const nameFor = (i, di, start, forceFull) => {
    const e = w.ents[i];
    let s;
    if (!forceFull && e.acr && metas[di].acr.has(i) && r.chance(0.4)) s = (e.art && r.chance(0.6) ? "the " : "") + e.acr;
    else if (!forceFull && e.short && r.chance(0.4)) s = e.short;
    else s = (e.art ? "the " : "") + e.name;
    return start ? cap(s) : s;
  };

  /** sentence (without final period) stating fact f; opts.year replaces the year, opts.name the name */
  const claimText = (f, di, opts = {}) => {
    const e = w.ents[f.e];
    const y = opts.year ?? f.y;
    const N = (start) => (opts.name ? (start ? cap(opts.name) : opts.name) : nameFor(f.e, di, start, false));
    const Nf = (start) => (opts.name ? (start ? cap(opts.name) : opts.name) : nameFor(f.e, di, start, true));
    switch (f.t) {
      case "exFirst": return f.cs && r.chance(0.5) ? `${C(e)} began ${N()} in ${y}` : r.chance(0.5) ? `${N(true)} was first held in ${y}` : `${N(true)} has been held since ${y}`;
      case "exEdition": {
        const ed = e.caps || e.short ? `${e.short ?? e.name} ${f.y}` : `the ${f.y} edition of the ${e.name}`;
        return r.chance(0.5) ? `${cap(ed)} was held ${e.t.at} ${P(f.place)} in ${MONTHS[f.m]} ${y}` : `${cap(ed)} took place in ${MONTHS[f.m]} ${y}`;
      }
      case "agrSigned": return f.cs && r.chance(0.4) ? `${C(e)} signed ${N()} in ${MONTHS[f.m]} ${y}` : r.chance(0.5) ? `${N(true)} was signed in ${MONTHS[f.m]} ${y}` : `${N(true)} dates from ${MONTHS[f.m]} ${y}`;
      case "dlgInaug": return f.cs && r.chance(0.5) ? `${C(e)} launched ${N()} in ${y}` : r.chance(0.5) ? `${N(true)} began in ${y}` : `${N(true)} has met since ${y}`;
      case "dlgRound": return r.chance(0.5) ? `The ${ordinal(f.ord)} round of ${N()} was held in ${P(f.place)} in ${MONTHS[f.m]} ${y}` : `${N(true)} met in ${P(f.place)} on ${f.d} ${MONTHS[f.m]} ${y}`;
      case "progLaunch": return r.chance(0.5) ? `${N(true)} was launched in ${y}` : `${N(true)} began in ${y}`;
      case "progTarget": return f.c1 && r.chance(0.5) ? `${w.countries[e.cs[0]].name} plans to field ${e.obj} under ${N()} by ${y}` : `${N(true)} is due to deliver ${e.obj} by ${y}`;
      case "orgFounded": return r.chance(0.5) ? `${N(true)} was set up in ${y}` : `${N(true)} was established in ${y}`;
      case "lawYear": return f.c1 && r.chance(0.5) ? `${w.countries[e.c].name} adopted ${Nf()} in ${y}` : `${Nf(true)} dates from ${y}`;
      case "personMeet": return `${opts.name ?? personFull(f.e)} met ${personFull(f.p2)} in ${P(f.place)}`;
      case "personVisit": return `${opts.name ?? personFull(f.e)} visited ${P(f.place)} in ${MONTHS[f.m]} ${y}`;
      case "mention": default: {
        switch (e.k) {
          case "exercise": return `${N(true)} is ${e.t.desc}`;
          case "agreement": return `${N(true)} covers ${e.purpose}`;
          case "dialogue": return `${N(true)} has covered ${e.covers}`;
          case "programme": return `${N(true)} is meant to deliver ${e.obj}`;
          case "org": return e.sort === "company" ? `${N(true)} is a defence firm` : e.sort === "think tank" ? `${N(true)} is a research institute` : `${N(true)} is a government body`;
          case "law": return `${Nf(true)} remains controversial`;
          case "platform": return r.chance(0.5) ? `${N(true)} has been shown to foreign buyers` : `${N(true)} could be built abroad`;
          default: return `${N(true)} is mentioned in the sources`;
        }
      }
    }
  };
  const YEAR_FACTS = new Set(["exFirst", "agrSigned", "dlgInaug", "progLaunch", "progTarget", "orgFounded", "lawYear"]);
  // a year no source attaches to the entity, and that the cited document does not contain at all
  const wrongYear = (f, di) => {
    const assoc = associatedYears(w.ents[f.e]);
    for (let t = 0; t < 20; t++) {
      const d = (r.chance(0.5) ? -1 : 1) * r.range(1, 4 + (t >> 2));
      const y = f.y + d;
      if (y >= 1950 && y <= 2049 && !assoc.has(y) && !corpus[di].text.includes(String(y))) return y;
    }
    return null;
  };
  const badId = (id) => {
    for (let t = 0; t < 20; t++) {
      const m = id.match(/^(\D+)(\d{4})(\D*)$/);
      let x;
      if (m && r.chance(0.5)) x = `${m[1]}${Number(m[2]) + (r.chance(0.5) ? 1 : -1)}${m[3]}`;
      else if (m && m[1].length > 3) { const j = 1 + r.int(m[1].length - 2); x = m[1].slice(0, j) + m[1].slice(j + 1) + m[2] + m[3]; }
      else x = `${id}x`;
      if (!ids.has(x)) return x;
    }
    return `${id}-missing`;
  };
  const otherDoc = (ei) => { for (let t = 0; t < 50; t++) { const d = r.int(corpus.length); if (!metas[d].entities.has(ei)) return d; } return -1; };

  /** a claim line body: { text, expect, optional } with the citation(s) and final period */
  const claim = (kind, clean = false) => {
    const x = clean ? 1 : r.next();
    const E = [], O = [];
    if (x < 0.09) { // wrong year
      const pf = pickFact(kind, (f) => YEAR_FACTS.has(f.t));
      if (pf) {
        const y = wrongYear(pf.f, pf.di);
        if (y != null) { E.push("date-conflict"); O.push("citation-mismatch"); return { text: `${claimText(pf.f, pf.di, { year: y })} ${cite(pf.di)}.`, expect: E, optional: O }; }
      }
    } else if (x < 0.16) { // misspelt name
      const pf = pickFact(kind, (f) => f.t !== "personMeet" && f.t !== "personVisit" && f.t !== "exEdition" && w.ents[f.e].k !== "platform");
      if (pf) {
        const bad = misspelledName(w, r, w.ents[pf.f.e]);
        if (bad) { E.push("unknown-name"); O.push("citation-mismatch"); const e = w.ents[pf.f.e]; return { text: `${claimText(pf.f, pf.di, { name: (e.art ? "the " : "") + bad })} ${cite(pf.di)}.`, expect: E, optional: O }; }
      }
    } else if (x < 0.28) { // uncited
      const pf = pickFact(kind, (f) => f.t !== "mention");
      if (pf) return { text: `${claimText(pf.f, pf.di)}.`, expect: ["unsourced-claim"], optional: [] };
    } else if (x < 0.36) { // cites a source that does not mention it
      const pf = pickFact(kind);
      const d2 = pf ? otherDoc(pf.f.e) : -1;
      if (pf && d2 >= 0) return { text: `${claimText(pf.f, pf.di)} ${cite(d2)}.`, expect: ["citation-mismatch"], optional: [] };
    } else if (x < 0.40) { // unknown source
      const pf = pickFact(kind);
      if (pf) return { text: `${claimText(pf.f, pf.di)} [@${badId(corpus[pf.di].id)}].`, expect: ["unknown-source"], optional: [] };
    } else if (x < 0.45) { // two sources
      const pf = pickFact(kind);
      if (pf) {
        const arr = byEnt.get(pf.f.e);
        const code = arr[r.int(arr.length)];
        const d2 = Math.floor(code / 65536);
        const two = d2 !== pf.di && (metas[d2].facts[code % 65536].t === pf.f.t && metas[d2].facts[code % 65536].y === pf.f.y);
        return { text: `${claimText(pf.f, pf.di)} [@${corpus[pf.di].id}${two ? `; @${corpus[d2].id}` : ""}].`, expect: [], optional: [] };
      }
    } else if (x < 0.48) { // page locator
      const pf = pickFact(kind);
      if (pf) return { text: `${claimText(pf.f, pf.di)} [@${corpus[pf.di].id}, p. ${r.range(1, 12)}].`, expect: [], optional: [] };
    }
    const pf = pickFact(kind);
    return { text: `${claimText(pf.f, pf.di)} ${cite(pf.di)}.`, expect: [], optional: [] };
  };

  const someName = (kind) => { const pf = pickFact(kind); return pf ? nameFor(pf.f.e, pf.di, false, true) : "the partnership"; };
  const mainA = w.countries[0].name, mainB = w.countries[1].name;
  const question = (kind) => r.pick([
    () => `Could ${someName(kind)} be expanded to cover ${r.pick(TOPICS)}?`,
    () => `Will ${mainA} renew ${someName(kind)} before it lapses?`,
    () => `Is ${someName(kind)} still the main channel for ${r.pick(TOPICS)}?`,
    () => `What would a change of government in ${r.pick([mainA, mainB])} mean for ${r.pick(TOPICS)}?`,
    () => `How far is ${mainB} willing to go on ${r.pick(TOPICS)}?`,
  ])();
  const should = (kind) => r.pick([
    () => `${r.pick([mainA, mainB, "Both capitals", "The desk", "Ministers"])} should ${r.pick(ACTIONS)}.`,
    () => `Officials should press for progress on ${r.pick(TOPICS)} at the next meeting of ${someName("dialogue")}.`,
    () => `The desk should track ${someName(kind)} closely.`,
  ])();
  const judgement = (kind) => r.pick([
    () => `${cap(someName(kind))} is likely to stay on its current, incremental path.`,
    () => `We assess that progress on ${r.pick(TOPICS)} will remain ${r.pick(PACE)}.`,
    () => `It is unclear whether ${r.pick([mainA, mainB])} will relax its rules further.`,
    () => `Progress on ${r.pick(TOPICS)} is likely to be ${r.pick(PACE)}.`,
    () => `We expect the ${r.pick(TOPICS)} track to keep growing quietly.`,
  ])();
  const plain = () => r.pick([
    `This section summarises what the sources say about ${r.pick(TOPICS)}.`,
    "The sources differ in emphasis but agree on the basics.",
    `The picture on ${r.pick(TOPICS)} is mixed.`,
    "The following points draw on the corpus.",
  ]);

  const L = [];
  const push = (line, expect = [], optional = []) => L.push({ line, expect, optional });
  let fn = 0;
  const remaining = () => lines - L.length;

  const nd = new Rng(hash32(seedToInt(seed), 0xda7e));
  push("---"); push(`title: Desk note — ${mainA}–${mainB} defence ties`); push(`author: ${r.pick(["Regional desk", "Maritime desk", "Defence policy unit", "Strategic assessments team"])}`);
  push(`date: 2025-${pad2(1 + nd.int(12))}-${pad2(1 + nd.int(28))}`); push("---"); push("");
  push(`# Briefing note: ${mainA}–${mainB} defence cooperation`); push("");
  const order = ["exercise", "agreement", "dialogue", "programme", "org", "law", "person"];
  let sec = 0;
  while (remaining() > 6) {
    const kind = order[sec % order.length];
    const k = kindZ[kind] ? kind : null;
    sec++;
    const title = sec === 1 ? "Summary" : `${r.pick(SECTION_TITLES[kind])}${sec > order.length ? ` (${Math.ceil(sec / order.length)})` : ""}`;
    push(`## ${sec}. ${title}`); push("");
    let budget = Math.min(remaining() - 2, r.range(18, 55));
    while (budget > 3) {
      const b = r.next();
      const before = L.length;
      if (b < 0.45) { // paragraph of one-sentence lines
        const n = Math.min(budget - 1, r.range(3, 9));
        for (let j = 0; j < n; j++) {
          const y = r.next();
          if (y < 0.08) push(question(k));
          else if (y < 0.15) push(should(k));
          else if (y < 0.22) push(judgement(k));
          else if (y < 0.25) push(plain());
          else if (y < 0.30) { // two claims on one line
            const c1 = claim(k), c2 = claim(k, true);
            push(`${c1.text} ${c2.text}`, [...new Set([...c1.expect, ...c2.expect])], [...new Set([...c1.optional, ...c2.optional])]);
          } else { const c = claim(k); push(c.text, c.expect, c.optional); }
        }
        push("");
      } else if (b < 0.65) { // list
        const n = Math.min(budget - 1, r.range(3, 8));
        const numbered = r.chance(0.3);
        for (let j = 0; j < n; j++) {
          const bullet = numbered ? `${j + 1}. ` : "- ";
          if (r.chance(0.1)) push(bullet + should(k));
          else { const c = claim(k); push(bullet + c.text, c.expect, c.optional); }
        }
        push("");
      } else if (b < 0.73 && budget >= 7) { // table
        const n = Math.min(budget - 3, r.range(3, 8));
        push("| Name | Kind | Year | Source |"); push("|---|---|---|---|");
        for (let j = 0; j < n; j++) {
          const pf = pickFact(k, (f) => YEAR_FACTS.has(f.t));
          if (!pf) { push(`| ${mainA} | country | | |`); continue; }
          const e = w.ents[pf.f.e];
          const bad = r.chance(0.12) ? misspelledName(w, r, e) : null;
          if (bad) push(`| ${bad} | ${KIND_LABEL[e.k]} | ${pf.f.y} | ${cite(pf.di)} |`, ["unknown-name"], ["citation-mismatch"]);
          else push(`| ${e.name} | ${KIND_LABEL[e.k]} | ${pf.f.y} | ${cite(pf.di)} |`);
        }
        push("");
      } else if (b < 0.80) { // footnoted claims
        const n = Math.min(Math.floor((budget - 1) / 2), r.range(1, 3));
        if (n < 1) break;
        const defs = [];
        for (let j = 0; j < n; j++) {
          const pf = pickFact(k, (f) => f.t !== "mention");
          if (!pf) break;
          fn++;
          push(`${claimText(pf.f, pf.di)}.[^n${fn}]`);
          defs.push(`[^n${fn}]: As reported in ${cite(pf.di)}.`);
        }
        push("");
        for (const d of defs) push(d);
        push("");
      } else if (b < 0.88) { // desk comment
        push(`> Desk comment: ${judgement(k)}`); push("");
      } else if (b < 0.93 && budget >= 5) { // code block: never checked
        const pf = pickFact(k, (f) => YEAR_FACTS.has(f.t));
        push("```text");
        push(pf ? `${w.ents[pf.f.e].name} ${pf.f.y - r.range(5, 15)} — inside a code block, never checked` : "no facts — inside a code block");
        push("```"); push("");
      } else {
        push(question(k)); push(should(k)); push("");
      }
      budget -= L.length - before;
    }
  }
  while (L.length < lines) push(L.length === lines - 1 ? judgement(null) : "");
  L.length = Math.min(L.length, lines);

  const expect = {}, optional = {};
  L.forEach((x, k) => { if (x.expect.length) expect[k + 1] = x.expect; if (x.optional.length) optional[k + 1] = x.optional; });
  return { text: L.map((x) => x.line).join("\n") + "\n", labels: { expect, optional } };
}

/** A Markdown briefing note of exactly `lines` lines citing documents of `corpus`. */
export function generateNote(opts) {
  return generateNoteWithLabels(opts).text;
}

// ---------------------------------------------------------------- CLI

function parseArgs(argv) {
  const o = { docs: 1000, seed: 1, out: null, noteLines: 1000, note: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => { const x = argv[++i]; if (x === undefined) throw new Error(`${a} needs a value`); return x; };
    if (a === "--docs") o.docs = Number(v());
    else if (a === "--seed") o.seed = /^\d+$/.test(argv[i + 1] ?? "") ? Number(v()) : v();
    else if (a === "--out") o.out = v();
    else if (a === "--note-lines") o.noteLines = Number(v());
    else if (a === "--no-note") o.note = false;
    else if (a === "-h" || a === "--help") o.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

async function main() {
  let o;
  try { o = parseArgs(process.argv.slice(2)); } catch (e) { console.error(String(e.message)); process.exitCode = 2; return; }
  if (o.help || !o.out || !(o.docs >= 1) || !(o.noteLines >= 1)) {
    console.log("usage: node bench/generate.mjs --docs N --seed S --out DIR [--note-lines 1000] [--no-note]\n" +
      "writes DIR/corpus/<id>.md (other *.md there are removed), DIR/note.md and DIR/labels.json");
    process.exitCode = o.help ? 0 : 2;
    return;
  }
  const { createHash } = await import("node:crypto");
  const t0 = performance.now();
  const docs = generateCorpus({ docs: o.docs, seed: o.seed });
  const t1 = performance.now();
  const corpusDir = join(o.out, "corpus");
  const { files, bytes } = writeCorpus(corpusDir, docs, { clean: true });
  const t2 = performance.now();
  let noteInfo = "";
  if (o.note) {
    const { text, labels } = generateNoteWithLabels({ lines: o.noteLines, corpus: docs, seed: o.seed });
    writeFileSync(join(o.out, "note.md"), text);
    writeFileSync(join(o.out, "labels.json"), JSON.stringify({ notes: [{ path: "note.md", ...labels }] }, null, 1) + "\n");
    const cites = new Set([...text.matchAll(/@([A-Za-z0-9_-]+)/g)].map((m) => m[1]));
    const nExpect = Object.keys(labels.expect).length;
    noteInfo = `note: ${join(o.out, "note.md")} ${text.split("\n").length - 1} lines, ${Buffer.byteLength(text)} bytes, ${cites.size} distinct keys cited, ${nExpect} lines labelled (${join(o.out, "labels.json")})`;
  }
  const t3 = performance.now();
  const h = createHash("sha256");
  for (const d of docs) h.update(d.fileName).update("\0").update(d.text).update("\0");
  const sizes = docs.map((d) => Buffer.byteLength(d.text)).sort((a, b) => a - b);
  console.log(`corpus: ${corpusDir} ${files} documents, ${bytes} bytes (${(bytes / 1048576).toFixed(1)} MiB), ` +
    `sizes min ${sizes[0]} / median ${sizes[sizes.length >> 1]} / max ${sizes[sizes.length - 1]} bytes, sha256 ${h.digest("hex").slice(0, 16)}`);
  if (noteInfo) console.log(noteInfo);
  console.log(`time: generate ${(t1 - t0).toFixed(0)} ms, write ${(t2 - t1).toFixed(0)} ms, note ${(t3 - t2).toFixed(0)} ms, total ${(t3 - t0).toFixed(0)} ms`);
}

if (process.argv[1] && import.meta.url === (await import("node:url")).pathToFileURL(process.argv[1]).href) await main();
