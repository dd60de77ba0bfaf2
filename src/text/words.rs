//! Finding whole-word keys in text, whatever their case and accents: the
//! search that people's names and topic phrases share.
//!
//! Text is prepared once into a [`Hay`]: folded ([`crate::text::fold`]),
//! with every character that is not part of a word (not a letter, digit,
//! `_` or combining mark) written as one separator byte, and a separator
//! at both ends. Keys are folded the same way and wrapped in separators, so
//! they can only match whole words: `ann` is never looked at inside
//! `annual`. Because the separator stands for any non-word character, a
//! find whose key has one inside (`will smith`, `o'brien`) is checked against
//! the folded original, so `will-smith` is not `will smith`.
//!
//! The search is by words, not bytes: a hay lists its words (the runs
//! between separators) with a hash of each, made once for every search
//! over it. A key can only match where its first word is a word of the
//! hay, so each word is looked up among the keys' first words, and only
//! the keys starting with it are compared, byte for byte, from the
//! separators before it. The result is exactly what one leftmost-longest
//! automaton over the hay's bytes would report (a test holds the two
//! equal), at a fraction of the cost: an automaton over thousands of names
//! walks every byte through a table of tens of thousands of states, and
//! takes about as long to build as a 20 MB run spends searching with it. A key
//! without a word character (`—`) is never found: it would be found
//! between any two words.
//!
//! Each find is offered to the caller's judgement on the original text;
//! when it is refused, the shorter keys that start there are offered,
//! longest first (`Will Smith` refused offers `Will`), and after that the
//! search moves on to the next word.
//!
//! The judgements shared by every caller are here too: [`whole_word`]
//! (Unicode word boundaries, with a possessive `'s`) and [`unsearchable`]
//! (URLs and e-mail addresses, where no word is a mention of anything).

use std::collections::HashMap;
use std::sync::LazyLock;

use std::hash::{BuildHasherDefault, Hasher};

use regex::Regex;

use crate::text::fold::fold_char;

/// What every non-word character becomes in a [`Hay`] and in a compiled key.
const SEP: u8 = 0x01;

/// ASCII bytes as a [`Hay`] writes them: word bytes lower-cased, the rest
/// the separator.
static ASCII: [u8; 128] = {
    let mut t = [SEP; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// The reusable buffers of a [`Hay`]: prepare one per thread (or per
/// document) and make a hay of every text with [`HayBuf::hay`].
#[derive(Clone, Debug, Default)]
pub struct HayBuf {
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
    words: Vec<Word>,
    unsearchable: Vec<(usize, usize)>,
}

/// A word of a hay: a run of bytes between separators, and its
/// [`word_hash`].
#[derive(Clone, Copy, Debug)]
struct Word {
    start: u32,
    end: u32,
    hash: u64,
}

/// Where a stretch of a hay came from: from `hay` on, either one character
/// at `text` (a non-ASCII character and what it folded to), or ASCII copied
/// byte for byte from `text` on.
#[derive(Clone, Copy, Debug)]
struct Piece {
    hay: u32,
    text: u32,
    one_char: bool,
}

/// A text prepared for [`WordSearch::find`]. One hay serves every search
/// over the same text (names and topics).
#[derive(Clone, Copy, Debug)]
pub struct Hay<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// How hay offsets map back to the text, in order; empty when the text
    /// is ASCII (byte `i` of the hay is then `text[i - 1]`). A map per byte
    /// would cost more to write than the search that uses it.
    pieces: &'a [Piece],
    /// The words of `bytes`, in order.
    words: &'a [Word],
    /// The text's URLs and e-mail addresses ([`unsearchable`]), found once
    /// for every search over it.
    unsearchable: &'a [(usize, usize)],
}

impl HayBuf {
    /// Prepares `text` (see the module docs), reusing the buffers.
    pub fn hay<'a>(&'a mut self, text: &'a str) -> Hay<'a> {
        self.bytes.clear();
        self.pieces.clear();
        self.bytes.reserve(text.len() + 2);
        self.bytes.push(SEP);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            while i < bytes.len() && bytes[i] < 0x80 {
                i += 1;
            }
            if i == bytes.len() && start == 0 {
                // ASCII throughout: no pieces.
                self.bytes
                    .extend(bytes.iter().map(|&b| ASCII[usize::from(b)]));
                break;
            }
            if i > start {
                self.pieces.push(Piece {
                    hay: self.bytes.len() as u32,
                    text: start as u32,
                    one_char: false,
                });
                self.bytes
                    .extend(bytes[start..i].iter().map(|&b| ASCII[usize::from(b)]));
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            self.pieces.push(Piece {
                hay: self.bytes.len() as u32,
                text: i as u32,
                one_char: true,
            });
            push_char(&mut self.bytes, c);
            i += c.len_utf8();
        }
        if !self.pieces.is_empty() {
            // The closing separator stands for the end of the text.
            self.pieces.push(Piece {
                hay: self.bytes.len() as u32,
                text: text.len() as u32,
                one_char: true,
            });
        }
        self.bytes.push(SEP);
        let len = self.bytes.len();
        // Room to read a word's last bytes eight at a time (`words_into`).
        self.bytes.extend_from_slice(&[0; 8]);
        words_into(&self.bytes, len, &mut self.words);
        self.unsearchable.clear();
        unsearchable_into(text, &mut self.unsearchable);
        Hay {
            text,
            bytes: &self.bytes[..len],
            pieces: &self.pieces,
            words: &self.words,
            unsearchable: &self.unsearchable,
        }
    }
}

impl<'a> Hay<'a> {
    /// The text this hay was made of.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Byte ranges of the URLs and e-mail addresses in the text, where no
    /// word is a mention of anything ([`unsearchable`]).
    pub fn unsearchable(&self) -> &'a [(usize, usize)] {
        self.unsearchable
    }

    /// The offset in the text of the character byte `i` of the hay came
    /// from (the text's length for the closing separator).
    fn original(&self, i: usize) -> usize {
        if self.pieces.is_empty() {
            return i - 1;
        }
        let at = self.pieces.partition_point(|p| p.hay as usize <= i) - 1;
        let p = self.pieces[at];
        if p.one_char {
            p.text as usize
        } else {
            p.text as usize + (i - p.hay as usize)
        }
    }
}

/// The words of a hay's first `len` bytes (which start and end with a
/// separator, and are followed by eight more).
fn words_into(bytes: &[u8], len: usize, out: &mut Vec<Word>) {
    out.clear();
    let mut i = 1;
    while i < len {
        if bytes[i] == SEP {
            i += 1;
            continue;
        }
        let start = i;
        // The closing separator ends the last word.
        while bytes[i] != SEP {
            i += 1;
        }
        out.push(Word {
            start: start as u32,
            end: i as u32,
            hash: hash_at(bytes, start, i),
        });
    }
}

/// A hash of `bytes[start..end]`, read eight bytes at a time (the
/// multiply and rotate of rustc's FxHash): words are short, and a table of
/// first words is looked up once for each word of every turn. `bytes` goes
/// on for seven bytes after `end` at least: the last load reads them and
/// masks them off.
fn hash_at(bytes: &[u8], start: usize, end: usize) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, v: u64| (h.rotate_left(5) ^ v).wrapping_mul(K);
    let load = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
    let mut h = (end - start) as u64;
    let mut i = start;
    while i + 8 <= end {
        h = mix(h, load(i));
        i += 8;
    }
    if i < end {
        h = mix(h, load(i) & (u64::MAX >> (8 * (8 - (end - i)))));
    }
    h
}

/// [`hash_at`] of a word on its own.
fn word_hash(word: &[u8]) -> u64 {
    let mut padded = word.to_vec();
    padded.extend_from_slice(&[0; 8]);
    hash_at(&padded, 0, word.len())
}

/// Hashes keys that are hashes already ([`word_hash`]), mixed once more
/// (MurmurHash3's 64-bit finaliser): a multiplicative hash has its good
/// bits at the top, and the table indexes by the low ones. Taken as they were,
/// words that end alike (`doe0` … `doe99999`: the same first byte in
/// the low lane) fell into one bucket chain, and a dictionary of 100,000
/// such names took quadratic time to build and to search.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys are hashed");
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Appends a key as the search compares it: separator, the folded key
/// with its non-word characters as separators, separator.
fn compile_into(out: &mut Vec<u8>, key: &str) {
    out.push(SEP);
    for c in key.chars() {
        push_folded(out, c);
    }
    out.push(SEP);
}

/// Whether `text` folds to exactly `key` (without building the folded text:
/// this runs on every find of a key of several words).
fn folds_to(text: &str, key: &str) -> bool {
    let mut key = key.chars();
    let mut same = true;
    for c in text.chars() {
        if c.is_ascii() {
            same = key.next() == Some(c.to_ascii_lowercase());
        } else {
            fold_char(c, |f| same &= key.next() == Some(f));
        }
        if !same {
            return false;
        }
    }
    key.next().is_none()
}

/// Appends what a character of a text becomes in its hay: its folded
/// form, or one separator.
fn push_char(out: &mut Vec<u8>, c: char) {
    // Most non-ASCII text is accented Latin, Greek and Cyrillic, and
    // typographic punctuation: answered without Unicode lookups.
    match u32::from(c) {
        n @ 0x80..NEAR_END => {
            let (len, bytes) = NEAR[(n - 0x80) as usize];
            out.extend_from_slice(&bytes[..usize::from(len)]);
        }
        0x2000..0x2070 => out.push(SEP),
        _ => push_char_by_unicode(out, c),
    }
}

/// What [`push_char`] writes, asking Unicode (the tables' source of truth).
fn push_char_by_unicode(out: &mut Vec<u8>, c: char) {
    if is_word_char(c) {
        fold_char(c, |f| push_folded(out, f));
    } else {
        out.push(SEP);
    }
}

/// Where [`NEAR`] ends: U+0080 to here is Latin, Greek, Cyrillic, Armenian,
/// Hebrew and Arabic.
const NEAR_END: u32 = 0x800;

/// What [`push_char`] writes for U+0080..[`NEAR_END`]: length and bytes.
static NEAR: LazyLock<Vec<(u8, [u8; 6])>> = LazyLock::new(|| {
    (0x80..NEAR_END)
        .map(|n| {
            let mut out = Vec::new();
            // Every n below U+0800 is a char (surrogates start at U+D800).
            let c = char::from_u32(n).expect("below the surrogates");
            push_char_by_unicode(&mut out, c);
            let mut bytes = [0; 6];
            bytes[..out.len()].copy_from_slice(&out);
            (out.len() as u8, bytes)
        })
        .collect()
});

/// Appends a folded character as hays and keys write it (key and text
/// alike, so that they compare byte for byte).
fn push_folded(out: &mut Vec<u8>, f: char) {
    match u8::try_from(f) {
        Ok(b) if b < 0x80 => out.push(ASCII[usize::from(b)]),
        _ if is_word_char(f) => out.extend_from_slice(f.encode_utf8(&mut [0; 4]).as_bytes()),
        _ => out.push(SEP),
    }
}

/// A compiled set of folded keys.
///
/// Everything per key is held in flat arrays (one buffer of bytes, one of
/// offsets), not a `Vec` or `Box` per key: a dictionary of a million
/// people has three million keys, and an allocation per key and per list
/// cost more than the keys themselves.
#[derive(Debug)]
pub struct WordSearch {
    /// The compiled bytes of every key ([`compile_into`]), one after another:
    /// key `k` is `bytes[pattern_at[k]..pattern_at[k + 1]]`.
    bytes: Vec<u8>,
    pattern_at: Vec<usize>,
    /// Per key: how many separators come before its first word.
    lead: Vec<u32>,
    /// Per key, `offers[offer_at[k]..offer_at[k + 1]]`: what to offer when
    /// the search finds it, in order: the keys that compile to the same
    /// bytes (`o'brien`, `o’brien`), then those that are a proper prefix
    /// of it at a word end, longest first.
    offers: Vec<u32>,
    offer_at: Vec<usize>,
    /// Per key with a non-word character inside, `exact[exact_at[k]..
    /// exact_at[k + 1]]`: the key, to check a find against (the separator
    /// stands for any non-word character); empty for the other keys.
    exact: String,
    exact_at: Vec<usize>,
    /// A bit per [`FILTER_BITS`] slice of the first words' hashes: most
    /// words of a text start no key, and are turned away by one bit.
    filter: Vec<u64>,
    /// The keys by the hash of their first word: a range of `by_first`.
    first: HashMap<u64, (u32, u32), BuildHasherDefault<Prehashed>>,
    /// Keys, grouped by first word, each group in the order a
    /// leftmost-longest search prefers them: most separators before the
    /// first word (they start further left), then longest.
    by_first: Vec<u32>,
}

impl Default for WordSearch {
    fn default() -> WordSearch {
        WordSearch::new::<&str>(&[])
    }
}

/// How many bits of a first word's hash the filter of a [`WordSearch`]
/// looks at (8 KB of filter, a few percent set with thousands of names).
const FILTER_BITS: u32 = 16;

/// The bit of the filter a hash falls on.
fn filter_bit(hash: u64) -> (usize, u64) {
    let bit = (hash >> (64 - FILTER_BITS)) as usize;
    (bit / 64, 1 << (bit % 64))
}

/// A key found and accepted: byte range in the original text, and which key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub key: usize,
}

/// One more byte of a prefix's hash (a polynomial hash, FNV's prime as
/// the base): the hash of every prefix of a key, in one pass along it.
fn prefix_hash(hash: u64, byte: u8) -> u64 {
    hash.wrapping_mul(0x0000_0100_0000_01B3)
        .wrapping_add(u64::from(byte) + 1)
}

impl WordSearch {
    /// Compiles `keys`, already folded, in order (a key's index is its id).
    pub fn new<K: AsRef<str>>(keys: &[K]) -> WordSearch {
        let mut bytes = Vec::new();
        let mut pattern_at = Vec::with_capacity(keys.len() + 1);
        let mut exact = String::new();
        let mut exact_at = Vec::with_capacity(keys.len() + 1);
        pattern_at.push(0);
        exact_at.push(0);
        for k in keys {
            let k = k.as_ref();
            compile_into(&mut bytes, k);
            pattern_at.push(bytes.len());
            if k.chars().any(|c| !is_word_char(c)) {
                exact.push_str(k);
            }
            exact_at.push(exact.len());
        }
        let pattern = |k: usize| &bytes[pattern_at[k]..pattern_at[k + 1]];
        let lead: Vec<u32> = (0..keys.len())
            .map(|k| pattern(k).iter().take_while(|&&b| b == SEP).count() as u32)
            .collect();
        // Keys by the hash of their first word (two words with one hash
        // share a group: the bytes decide), each group in the order a
        // search prefers them; a key of separators alone has no first word.
        let mut grouped: Vec<(u64, u32)> = (0..keys.len())
            .filter_map(|k| {
                let p = pattern(k);
                let from = lead[k] as usize;
                let len = p.get(from..)?.iter().position(|&b| b == SEP)?;
                Some((word_hash(&p[from..from + len]), k as u32))
            })
            .collect();
        let preferred = |&(hash, k): &(u64, u32)| {
            let k = k as usize;
            (hash, std::cmp::Reverse((lead[k], pattern(k).len())), k)
        };
        grouped.sort_unstable_by_key(preferred);
        let mut first = HashMap::default();
        let mut filter = vec![0; (1 << FILTER_BITS) / 64];
        let by_first: Vec<u32> = grouped.iter().map(|&(_, k)| k).collect();
        let mut start = 0;
        for group in grouped.chunk_by(|a, b| a.0 == b.0) {
            let hash = group[0].0;
            let (word, bit) = filter_bit(hash);
            filter[word] |= bit;
            let end = start + group.len() as u32;
            first.insert(hash, (start, end));
            start = end;
        }
        drop(grouped);
        // The keys each key begins with, longest first: each prefix that
        // ends at a separator is looked up by its length and a hash made
        // byte by byte along the key, so a key costs its length (hashing
        // every prefix anew made a 1 MB name take 31 s), and a hit is
        // checked byte for byte. The keys sit sorted by (hash, length),
        // so a lookup is a binary search.
        let mut alike: Vec<(u64, u32, u32)> = (0..keys.len())
            .map(|k| {
                let p = pattern(k);
                let hash = p.iter().fold(0, |h, &b| prefix_hash(h, b));
                // Saturated, a length only narrows the search: the bytes decide.
                (hash, u32::try_from(p.len()).unwrap_or(u32::MAX), k as u32)
            })
            .collect();
        alike.sort_unstable();
        let mut offers = Vec::with_capacity(keys.len());
        let mut offer_at = Vec::with_capacity(keys.len() + 1);
        offer_at.push(0);
        let mut ends = Vec::new();
        for k in 0..keys.len() {
            let p = pattern(k);
            let mut hash = 0;
            ends.clear();
            for (end, &b) in p.iter().enumerate() {
                hash = prefix_hash(hash, b);
                if end >= 1 && b == SEP {
                    ends.push((end, hash));
                }
            }
            for &(end, hash) in ends.iter().rev() {
                let len = u32::try_from(end + 1).unwrap_or(u32::MAX);
                let from = alike.partition_point(|&(h, l, _)| (h, l) < (hash, len));
                offers.extend(
                    alike[from..]
                        .iter()
                        .take_while(|&&(h, l, _)| (h, l) == (hash, len))
                        .map(|&(_, _, other)| other)
                        .filter(|&other| pattern(other as usize) == &p[..=end]),
                );
            }
            offer_at.push(offers.len());
        }
        drop(alike);
        bytes.shrink_to_fit();
        exact.shrink_to_fit();
        offers.shrink_to_fit();
        WordSearch {
            bytes,
            pattern_at,
            lead,
            offers,
            offer_at,
            exact,
            exact_at,
            filter,
            first,
            by_first,
        }
    }

    /// The compiled bytes of key `k`.
    fn pattern(&self, k: usize) -> &[u8] {
        &self.bytes[self.pattern_at[k]..self.pattern_at[k + 1]]
    }

    /// The key a leftmost-longest search of the hay's bytes from `at` finds
    /// first, and where it starts, looking from word `w` on.
    fn next(&self, hay: &Hay<'_>, at: usize, w: &mut usize) -> Option<(usize, usize)> {
        while let Some(word) = hay.words.get(*w) {
            let start = word.start as usize;
            let before = if *w == 0 {
                0
            } else {
                hay.words[*w - 1].end as usize
            };
            // A key starting with `lead` separators starts `lead` bytes
            // before the word: after the previous word, and from `at` on.
            let room = start.saturating_sub(before.max(at));
            let (slot, bit) = filter_bit(word.hash);
            if room > 0
                && self.filter[slot] & bit != 0
                && let Some(&(s, e)) = self.first.get(&word.hash)
            {
                let found = self.by_first[s as usize..e as usize].iter().find(|&&k| {
                    let lead = self.lead[k as usize] as usize;
                    lead <= room && hay.bytes[start - lead..].starts_with(self.pattern(k as usize))
                });
                if let Some(&k) = found {
                    return Some((k as usize, start - self.lead[k as usize] as usize));
                }
            }
            *w += 1;
        }
        None
    }

    /// The keys in `hay` that `accept` takes (given the original byte
    /// range and the key), left to right, none overlapping.
    pub fn find(
        &self,
        hay: &Hay<'_>,
        mut accept: impl FnMut(usize, usize, usize) -> bool,
    ) -> Vec<Found> {
        let mut out = Vec::new();
        if self.by_first.is_empty() {
            return out;
        }
        let (mut at, mut w) = (0, 0);
        // A find leaves `w` at its first word: a refused find may give way
        // to a key that starts later before the same word.
        while let Some((pattern, m_start)) = self.next(hay, at, &mut w) {
            match self.take(hay, pattern, m_start, &mut accept) {
                Some((found, hay_end)) => {
                    out.push(found);
                    // The separator after a find may start the next one.
                    at = hay_end;
                }
                None => at = m_start + 1,
            }
        }
        out
    }

    /// What `accept` takes of a find of `pattern` at hay byte `m_start`:
    /// the first of its offers that it takes, and where in the hay the
    /// separator after it is.
    fn take(
        &self,
        hay: &Hay<'_>,
        pattern: usize,
        m_start: usize,
        accept: &mut impl FnMut(usize, usize, usize) -> bool,
    ) -> Option<(Found, usize)> {
        let offers = &self.offers[self.offer_at[pattern]..self.offer_at[pattern + 1]];
        offers.iter().find_map(|&key| {
            let k = key as usize;
            // The key's own bytes, between the separators around it.
            let end = m_start + self.pattern(k).len() - 1;
            let (s, e) = (hay.original(m_start + 1), hay.original(end));
            let (from, to) = (self.exact_at[k], self.exact_at[k + 1]);
            let exact = from == to || folds_to(&hay.text[s..e], &self.exact[from..to]);
            (exact && accept(s, e, k)).then_some((
                Found {
                    start: s,
                    end: e,
                    key: k,
                },
                end,
            ))
        })
    }
}
/// Whether `text[start..end]` stands as whole words: the characters on
/// both sides are not letters, digits, `_` or combining marks. `Some(true)`
/// when it is followed by a possessive `'s`/`’s`, `None` when it is not a
/// whole word.
pub fn whole_word(text: &str, start: usize, end: usize) -> Option<bool> {
    let before = text[..start].chars().next_back();
    let rest = &text[end..];
    let possessive = ["'s", "’s"].iter().any(|s| {
        rest.strip_prefix(s)
            .is_some_and(|r| !r.chars().next().is_some_and(is_word_char))
    });
    let after = rest.chars().next();
    let bounded =
        !before.is_some_and(is_word_char) && (possessive || !after.is_some_and(is_word_char));
    bounded.then_some(possessive)
}

/// The length of the possessive `'s`/`’s` at the start of `rest`.
pub fn possessive_len(rest: &str) -> usize {
    if rest.starts_with('’') {
        "’s".len()
    } else {
        "'s".len()
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || unicode_normalization::char::is_combining_mark(c)
}

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+").expect("valid regex"));

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*").expect("valid regex"));

/// Byte ranges of the URLs and e-mail addresses in `text`. The regexes run
/// only where they can match: most text has neither.
pub fn unsearchable(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    unsearchable_into(text, &mut out);
    out
}

/// [`unsearchable`] into `out`.
fn unsearchable_into(text: &str, out: &mut Vec<(usize, usize)>) {
    // Whether the text holds `://` or `www.` (where a URL can be), and `@`
    // (an address), in one vectorised pass over the three bytes they need.
    let bytes = text.as_bytes();
    let (mut url, mut at) = (false, false);
    for i in memchr::memchr3_iter(b':', b'.', b'@', bytes) {
        match bytes[i] {
            b':' => url |= bytes[i + 1..].starts_with(b"//"),
            b'.' => url |= bytes[..i].ends_with(b"www"),
            _ => at = true,
        }
        if url && at {
            break;
        }
    }
    if url {
        out.extend(URL.find_iter(text).map(|m| (m.start(), m.end())));
    }
    if at {
        out.extend(EMAIL.find_iter(text).map(|m| (m.start(), m.end())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Word hashes indexed the table by bits that words ending alike share:
    /// 100,000 names `John Doe0` … took quadratic time (20 times the work
    /// for 10 times the names). They must spread like random numbers.
    #[test]
    fn words_that_end_alike_spread_over_the_table() {
        let n = 1 << 16;
        let buckets: std::collections::HashSet<u64> = (0..n)
            .map(|i| {
                let mut h = Prehashed::default();
                h.write_u64(word_hash(format!("doe{i}").as_bytes()));
                h.finish() & (n - 1)
            })
            .collect();
        // n random values fill 1 - 1/e of n buckets: 41,427.
        assert!(buckets.len() > 38_000, "{} buckets of {n}", buckets.len());
    }
    use crate::text::fold::{Folded, fold};
    use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
    use proptest::prelude::*;

    fn search(keys: &[&str], text: &str) -> Vec<String> {
        let search = WordSearch::new(keys);
        let mut buf = HayBuf::default();
        search
            .find(&buf.hay(text), |s, e, _| whole_word(text, s, e).is_some())
            .iter()
            .map(|f| text[f.start..f.end].to_string())
            .collect()
    }

    #[test]
    fn whole_words_and_possessives() {
        assert_eq!(whole_word("Sam said", 0, 3), Some(false));
        assert_eq!(whole_word("Samsung", 0, 3), None);
        assert_eq!(whole_word("Léanne", 0, 4), None, "é is a letter");
        assert_eq!(whole_word("Sam's", 0, 3), Some(true));
        assert_eq!(whole_word("Sam’s team", 0, 3), Some(true));
        assert_eq!(
            whole_word("Sam'sy", 0, 3),
            Some(false),
            "a whole word, not a possessive"
        );
    }

    #[test]
    fn urls_and_addresses_are_unsearchable() {
        let text = "see https://x.org/Sam and sam@x.org or www.sam.io";
        let spans: Vec<&str> = unsearchable(text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(spans, ["https://x.org/Sam", "www.sam.io", "sam@x.org"]);
        assert!(unsearchable("plain text. Nothing here").is_empty());
    }

    #[test]
    fn the_quick_look_for_urls_and_addresses_is_the_substring_test() {
        // As it was written before the one pass. (`www.` is looked for in
        // lower case only, though the URL pattern ignores case: `WWW.X.IO`
        // is searched for names. Left as it is; speed changes no result.)
        let always = |text: &str| {
            let mut out = Vec::new();
            if text.contains("://") || text.contains("www.") {
                out.extend(URL.find_iter(text).map(|m| (m.start(), m.end())));
            }
            if text.contains('@') {
                out.extend(EMAIL.find_iter(text).map(|m| (m.start(), m.end())));
            }
            out
        };
        for text in [
            "www.x.io",
            "at www.x.io.",
            "a://b",
            "ftp://x",
            ":// alone",
            "x@y",
            "@",
            "mail a@b.c and see https://d.e",
            "www",
            "a:/b",
            "WWW.X.IO",
            "Www.x.io https:",
            "no. links: here",
            "",
        ] {
            assert_eq!(unsearchable(text), always(text), "{text:?}");
        }
    }

    #[test]
    fn a_refused_find_gives_way_to_a_shorter_key_then_moves_on() {
        assert_eq!(
            search(&["will smith", "will", "ill"], "Will Smithson"),
            ["Will"]
        );
    }

    #[test]
    fn hays_fold_and_separate_words() {
        let mut buf = HayBuf::default();
        assert_eq!(buf.hay("Hi, Zoë!").bytes, b"\x01hi\x01\x01zoe\x01\x01");
        assert_eq!(buf.hay("").bytes, b"\x01\x01");
        let hay = buf.hay("Straße—Ann");
        assert_eq!(hay.bytes, b"\x01strasse\x01ann\x01");
        // `ss` both come from `ß`; the dash is one separator.
        assert_eq!(hay.original(5), 4);
        assert_eq!(hay.original(6), 4);
        assert_eq!(hay.original(7), 6);
        assert_eq!(hay.original(8), 7);
        assert_eq!(hay.original(12), "Straße—Ann".len());
    }

    #[test]
    fn the_shortcuts_for_common_characters_agree_with_unicode() {
        let slow = |c: char| {
            let mut out = Vec::new();
            push_char_by_unicode(&mut out, c);
            out
        };
        for c in (0x80..NEAR_END)
            .chain(0x2000..0x2070)
            .filter_map(char::from_u32)
        {
            let mut fast = Vec::new();
            push_char(&mut fast, c);
            assert_eq!(fast, slow(c), "{c:?}");
        }
    }

    #[test]
    fn keys_match_only_whole_words_in_any_case_and_accent() {
        let keys = ["ann", "zoe", "o'brien", "c++", "will smith"];
        assert_eq!(search(&keys, "Annual plan, ANN and Zoë"), ["ANN", "Zoë"]);
        assert_eq!(search(&keys, "(Ann)'s Ann's"), ["Ann", "Ann"]);
        assert_eq!(search(&keys, "O'Brien and C++ and c+-"), ["O'Brien", "C++"]);
        assert_eq!(
            search(&keys, "will-smith, Will Smith"),
            ["Will Smith"],
            "a separator in a key is that character"
        );
        assert_eq!(search(&keys, "o’brien"), Vec::<String>::new());
    }

    #[test]
    fn a_key_may_start_where_the_last_one_ended() {
        assert_eq!(search(&["ann", "bob"], "Ann Bob"), ["Ann", "Bob"]);
        assert_eq!(search(&["ann", "bob"], "Ann-Bob."), ["Ann", "Bob"]);
    }

    /// The search as it was before hays: folded text, the automaton tried
    /// at every character, shorter keys by anchored searches. It is slower
    /// but obviously right; the hay search must find the same.
    fn reference(
        keys: &[String],
        text: &str,
        accept: impl Fn(usize, usize, usize) -> bool,
    ) -> Vec<Found> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .start_kind(StartKind::Both)
            .build(keys)
            .unwrap();
        let mut folded = Folded::default();
        folded.fold(text);
        let hay = &folded.text;
        let mut out = Vec::new();
        let mut at = 0;
        while at < hay.len() {
            let Some(first) = ac.find(Input::new(hay).span(at..hay.len())) else {
                break;
            };
            let mut candidate = Some(first);
            let mut taken = None;
            while let Some(m) = candidate {
                if let Some((s, e)) = folded.original(m.start(), m.end(), text)
                    && accept(s, e, m.pattern().as_usize())
                {
                    taken = Some((m, s, e));
                    break;
                }
                candidate = (m.end() - m.start() > 1)
                    .then(|| {
                        let span = Input::new(hay)
                            .span(m.start()..m.end() - 1)
                            .anchored(Anchored::Yes);
                        ac.find(span)
                    })
                    .flatten();
            }
            match taken {
                Some((m, start, end)) => {
                    let key = m.pattern().as_usize();
                    out.push(Found { start, end, key });
                    at = m.end();
                }
                None => at = first.start() + 1,
            }
        }
        out
    }

    const WORDS: &[&str] = &[
        "ann",
        "Ann",
        "ANNUAL",
        "Zoë",
        "zoe",
        "Zoe\u{308}",
        "Straße",
        "strasse",
        "ß",
        "O'Brien",
        "O’Brien",
        "o-brien",
        "C++",
        "c+",
        "will",
        "Will",
        "Smith",
        "smithson",
        "Jürgen",
        "Juergen",
        "Ben",
        "Or",
        "ben-or",
        "İ",
        "ı",
        "x\u{301}",
        "\u{301}",
        "’s",
        "'s",
        "—",
        "(",
        ")",
        ".",
        ",",
        "@",
        "_",
        "1",
        "½",
        "日本",
        "Ælfred",
        "aelfred",
        "ﬁ",
        "fi",
        "ǅ",
        "\u{a0}",
        " ",
        "  ",
        "\t",
        "\n",
        "é",
        "e\u{301}",
    ];

    const KEYS: &[&str] = &[
        "ann",
        "zoe",
        "strasse",
        "ss",
        "o'brien",
        "o’brien",
        "c++",
        "c",
        "will",
        "will smith",
        "smith",
        "juergen",
        "ben or",
        "ben",
        "or",
        "i",
        "aelfred",
        "fi",
        "1",
        "日本",
        "e",
        "x",
        "ann ann",
        "s",
        ".net",
        "_",
    ];

    /// The search as it was before words: one leftmost-longest automaton
    /// over the hay's bytes, restarted after every find. The word search
    /// must find exactly what it finds.
    fn automaton(
        keys: &[String],
        hay: &Hay<'_>,
        mut accept: impl FnMut(usize, usize, usize) -> bool,
    ) -> Vec<Found> {
        let search = WordSearch::new(keys);
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Unanchored)
            .build((0..keys.len()).map(|k| search.pattern(k)))
            .unwrap();
        let bytes = hay.bytes;
        let mut out = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let Some(m) = ac.find(Input::new(bytes).span(at..bytes.len())) else {
                break;
            };
            match search.take(hay, m.pattern().as_usize(), m.start(), &mut accept) {
                Some((found, hay_end)) => {
                    out.push(found);
                    at = hay_end;
                }
                None => at = m.start() + 1,
            }
        }
        out
    }

    fn glued(words: &[&str], glue: &[&str]) -> String {
        let mut text = String::new();
        for (w, g) in words.iter().zip(glue) {
            text.push_str(w);
            text.push_str(g);
        }
        text
    }

    const GLUE: &[&str] = &["", " ", "", ",", "'", "  ", "-", ". "];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn finds_what_one_automaton_over_the_hay_finds(
            words in prop::collection::vec(prop::sample::select(WORDS), 0..24),
            glue in prop::collection::vec(prop::sample::select(GLUE), 24),
            keys in prop::collection::vec(
                (prop::collection::vec(prop::sample::select(WORDS), 1..4),
                 prop::collection::vec(prop::sample::select(GLUE), 4)),
                1..12),
            refuse in 0usize..5,
        ) {
            let text = glued(&words, &glue);
            // Keys made of the same words and glue (so they do match), one
            // with a word character at least.
            let keys: Vec<String> = keys
                .iter()
                .map(|(w, g)| fold(glued(w, g).trim_end()))
                .filter(|k| k.chars().any(is_word_char))
                .collect();
            let accept = |s: usize, e: usize, k: usize| {
                whole_word(&text, s, e).is_some() && (refuse == 0 || (s + k) % 5 != refuse)
            };
            let search = WordSearch::new(&keys);
            let mut buf = HayBuf::default();
            let hay = buf.hay(&text);
            prop_assert_eq!(search.find(&hay, accept), automaton(&keys, &hay, accept));
        }

        #[test]
        fn finds_what_the_reference_finds(
            words in prop::collection::vec(prop::sample::select(WORDS), 0..24),
            glue in prop::collection::vec(prop::sample::select(&["", " ", "", ",", "'"][..]), 24),
            keys in prop::sample::subsequence(KEYS, 1..KEYS.len()),
            refuse in 0usize..5,
        ) {
            let text = glued(&words, &glue);
            let keys: Vec<String> = keys.iter().map(|k| fold(k)).collect();
            // Whole words, and now and then a refusal by key and place,
            // so that shorter keys and moving on are exercised too.
            let accept = |s: usize, e: usize, k: usize| {
                whole_word(&text, s, e).is_some() && (refuse == 0 || (s + k) % 5 != refuse)
            };
            let search = WordSearch::new(&keys);
            let mut buf = HayBuf::default();
            let found = search.find(&buf.hay(&text), accept);
            prop_assert_eq!(found, reference(&keys, &text, accept));
        }
    }
}
