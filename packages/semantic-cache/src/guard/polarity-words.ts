import type { GuardText } from './guard-text';

/**
 * Words that take one side of an opposition. Two texts that both speak of an opposition but only
 * on different sides ("enable 2FA" / "turn off 2FA") ask different things. Words are listed in
 * their base form; they and the text are stemmed (see stem) before they are compared. Phrasal
 * verbs match with or without a pronoun between ("turn it off").
 */
const OPPOSITIONS: Record<string, Record<string, readonly string[]>> = {
  toggle: {
    on: ['enable', 'activate', 'turn on', 'switch on', 'power on', 'unmute'],
    off: ['disable', 'deactivate', 'turn off', 'switch off', 'power off', 'shut off', 'mute'],
  },
  amount: {
    up: ['increase', 'raise', 'boost', 'grow', 'expand', 'maximize', 'scale up', 'speed up', 'zoom in'],
    down: [
      'decrease',
      'reduce',
      'lower',
      'shrink',
      'minimize',
      'scale down',
      'slow down',
      'zoom out',
      'cut',
      'collapse',
    ],
  },
  presence: {
    add: ['add', 'insert', 'include', 'attach', 'append', 'create', 'install', 'subscribe', 'follow'],
    remove: ['remove', 'delete', 'drop', 'exclude', 'detach', 'erase', 'uninstall', 'unsubscribe', 'unfollow'],
  },
  permission: {
    allow: ['allow', 'permit', 'grant', 'accept', 'approve', 'whitelist', 'unblock', 'unban'],
    deny: ['deny', 'denied', 'block', 'forbid', 'refuse', 'reject', 'revoke', 'ban', 'blacklist', 'prohibit'],
  },
  run: {
    start: ['start', 'begin', 'launch', 'resume'],
    stop: ['stop', 'stopped', 'end', 'halt', 'kill', 'terminate', 'pause', 'quit'],
  },
  door: { open: ['open', 'unlock'], close: ['close', 'shut', 'lock'] },
  link: { connect: ['connect', 'pair', 'link'], disconnect: ['disconnect', 'unpair', 'unlink'] },
  session: {
    in: ['log in', 'sign in', 'login', 'signin', 'opt in'],
    out: ['log out', 'sign out', 'logout', 'signout', 'opt out'],
  },
  transfer: {
    in: ['import', 'download', 'receive', 'buy', 'purchase', 'pull'],
    out: ['export', 'upload', 'send', 'sell', 'push'],
  },
  cipher: { on: ['encrypt', 'compress', 'encode', 'zip'], off: ['decrypt', 'decompress', 'decode', 'unzip'] },
  visibility: { show: ['show', 'display', 'reveal', 'unhide'], hide: ['hide', 'conceal'] },
  compare: {
    more: [
      'more',
      'higher',
      'greater',
      'bigger',
      'larger',
      'faster',
      'better',
      'best',
      'most',
      'maximum',
      'max',
      'above',
      'longer',
      'older',
    ],
    less: [
      'less',
      'fewer',
      'lower',
      'smaller',
      'slower',
      'worse',
      'worst',
      'least',
      'minimum',
      'min',
      'below',
      'shorter',
      'younger',
    ],
  },
  distance: {
    near: ['near', 'nearer', 'nearest', 'closer', 'closest', 'nearby'],
    far: ['far', 'farther', 'farthest', 'further', 'furthest'],
  },
  speed: { fast: ['fast', 'quick', 'quickly', 'rapid', 'rapidly'], slow: ['slow', 'slowly'] },
  merit: {
    good: ['advantage', 'pro', 'pros', 'benefit', 'upside', 'strength'],
    bad: ['disadvantage', 'con', 'cons', 'drawback', 'downside', 'weakness'],
  },
  time: {
    before: ['before', 'earlier', 'prior', 'past', 'yesterday', 'previous'],
    after: ['after', 'later', 'future', 'tomorrow', 'next'],
  },
  order: { ascending: ['ascending', 'asc'], descending: ['descending', 'desc'] },
  truth: {
    true: [
      'true',
      'correct',
      'valid',
      'legal',
      'possible',
      'safe',
      'success',
      'succeed',
      'pass',
      'win',
      'gain',
      'profit',
      'positive',
    ],
    false: [
      'false',
      'incorrect',
      'invalid',
      'illegal',
      'impossible',
      'unsafe',
      'failure',
      'fail',
      'lose',
      'loss',
      'negative',
    ],
  },
  arithmetic: {
    add: ['sum', 'plus', 'multiply', 'multiplied'],
    subtract: ['subtract', 'minus', 'divide', 'difference'],
  },
  temperature: {
    hot: ['hot', 'hotter', 'hottest', 'warm', 'warmer', 'warmest', 'heat'],
    cold: ['cold', 'colder', 'coldest', 'cool', 'cooler', 'coolest', 'freeze'],
  },
  size: {
    big: ['big', 'large', 'long', 'tall', 'heavy', 'wide', 'thick', 'expensive'],
    small: ['small', 'short', 'narrow', 'thin', 'cheap'],
  },
  theme: { light: ['light'], dark: ['dark'] },
  age: { new: ['new', 'newer', 'newest', 'latest', 'modern'], old: ['old', 'older', 'oldest', 'legacy', 'deprecated'] },
  sex: {
    male: ['male', 'man', 'men', 'boy', 'father', 'husband'],
    female: ['female', 'woman', 'women', 'girl', 'mother', 'wife'],
  },
  day: {
    monday: ['monday'],
    tuesday: ['tuesday'],
    wednesday: ['wednesday'],
    thursday: ['thursday'],
    friday: ['friday'],
    saturday: ['saturday'],
    sunday: ['sunday'],
    today: ['today', 'tonight'],
  },
  flow: { input: ['input'], output: ['output'] },
};

const PRONOUNS = new Set(['it', 'them', 'this', 'that', 'him', 'her', 'me', 'everything']);
const SIDES = buildSides();

/** The sides a text takes, per opposition. */
export function polaritySides(text: GuardText): Map<string, Set<string>> {
  const sides = new Map<string, Set<string>>();
  const note = (key: string) => {
    for (const [opposition, side] of SIDES.get(key) ?? []) {
      if (!sides.has(opposition)) sides.set(opposition, new Set());
      sides.get(opposition)?.add(side);
    }
  };
  text.lower.forEach((word, index) => {
    const root = stem(word);
    note(root);
    const next = text.lower[index + 1];
    if (next) note(`${root} ${next}`);
    const afterPronoun = text.lower[index + 2];
    if (next && PRONOUNS.has(next) && afterPronoun) note(`${root} ${afterPronoun}`);
  });
  return sides;
}

/**
 * A crude English stem, enough to meet the table: enables, enabled, enabling → enabl;
 * raises → rais; closing → clos; denies, denied → deni; compresses → compress.
 */
export function stem(word: string): string {
  const stripped = /(?:ing|ed|es)$/.test(word) ? word.replace(/(?:ing|ed|es)$/, '') : word.replace(/([^s])s$/, '$1');
  const root = stripped.length >= 3 ? stripped : word;
  return root.length > 3 ? root.replace(/e$/, '') : root;
}

function buildSides(): Map<string, Array<[string, string]>> {
  const sides = new Map<string, Array<[string, string]>>();
  for (const [opposition, bySide] of Object.entries(OPPOSITIONS)) {
    for (const [side, words] of Object.entries(bySide)) {
      for (const word of words) {
        const [head = '', ...rest] = word.split(' ');
        const key = [stem(head), ...rest].join(' ');
        sides.set(key, [...(sides.get(key) ?? []), [opposition, side]]);
      }
    }
  }
  return sides;
}
