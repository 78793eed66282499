//! A mutator that keeps TOML valid, for libFuzzer's `LLVMFuzzerCustomMutator`.
//!
//! Half of the time it parses the scenario or the model of an input (split at `%%%` as the
//! target does) and changes its structure once: a key renamed to a word of the dictionary, an
//! id seen elsewhere or the empty string; a value replaced with a boundary value (mostly of the
//! same type); an entry or element duplicated, deleted, inserted or copied from elsewhere. The
//! other half, and whenever the input is not TOML, libFuzzer's own byte-level mutation runs
//! (which uses `-dict=`). Every choice comes from the seed libFuzzer passes, so a fixed
//! `-seed=` gives the same mutations.

use std::sync::OnceLock;
use toml::{Table, Value};

const SEPARATOR: &str = "\n%%%\n";
/// The dictionary CI passes to libFuzzer; its bare words are the keys and ids used here.
const DICTIONARY: &str = include_str!("../sekalk.dict");

/// Mutates `data[..size]` in place into at most `max_size` bytes and returns the new size.
pub fn mutate(data: &mut [u8], size: usize, max_size: usize, seed: u32) -> usize {
    let mut rng = Rng(u64::from(seed) ^ 0x5EC4_A1C0_FFEE_D00D);
    if rng.below(2) == 0
        && let Some(text) = std::str::from_utf8(&data[..size]).ok().and_then(|text| mutate_text(text, &mut rng))
        && text.len() <= max_size
        && text.as_bytes() != &data[..size]
    {
        data[..text.len()].copy_from_slice(text.as_bytes());
        return text.len();
    }
    libfuzzer_sys::fuzzer_mutate(data, size, max_size)
}

/// One structural mutation of one of the input's TOML documents, or `None`.
fn mutate_text(text: &str, rng: &mut Rng) -> Option<String> {
    let mut parts: Vec<String> = match text.split_once(SEPARATOR) {
        Some((scenario, model)) => vec![scenario.into(), model.into()],
        None => vec![text.into()],
    };
    let tables: Vec<Option<Table>> = parts.iter().map(|part| part.parse::<Table>().ok()).collect();
    let parsed: Vec<usize> = (0..parts.len()).filter(|&i| tables[i].is_some()).collect();
    let chosen = *rng.pick(&parsed)?;
    // Strings to copy: every short key and string value of both documents (ids, mostly).
    let mut pool = Vec::new();
    for table in tables.iter().flatten() {
        collect_strings(table, &mut pool);
    }
    let mut root = Value::Table(tables[chosen].clone()?);
    mutate_once(&mut root, &pool, rng);
    let Value::Table(table) = root else { return None };
    parts[chosen] = toml::to_string(&table).ok()?;
    Some(parts.join(SEPARATOR))
}

/// A step from a table or array to one of its values.
#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Applies one mutation at a random place of the document.
fn mutate_once(root: &mut Value, pool: &[String], rng: &mut Rng) {
    let mut places = Vec::new();
    collect_places(root, &mut Vec::new(), &mut places);
    let Some((place, _)) = rng.pick(&places).cloned() else {
        // An empty document: give it an entry.
        insert_into(root, pool, rng);
        return;
    };
    let (last, parent) = place.split_last().expect("a place is never the root");
    let Some(node) = get_mut(root, &place).map(|node| node.clone()) else { return };
    match rng.below(8) {
        // Rename a key (an array element gets a new value instead).
        0 => match (get_mut(root, parent), last) {
            (Some(Value::Table(table)), Step::Key(key)) => {
                let value = table.remove(key).unwrap_or(node);
                table.insert(new_key(pool, rng), value);
            }
            (Some(slot), _) => *slot = boundary_value(&node, pool, rng),
            (None, _) => {}
        },
        // Replace a value with a boundary value.
        1 | 2 => {
            if let Some(slot) = get_mut(root, &place) {
                *slot = boundary_value(&node, pool, rng);
            }
        }
        // Duplicate an entry or element.
        3 => match (get_mut(root, parent), last) {
            (Some(Value::Array(array)), Step::Index(i)) => array.insert(*i, node),
            (Some(Value::Table(table)), _) => drop(table.insert(new_key(pool, rng), node)),
            _ => {}
        },
        // Delete an entry or element.
        4 => match (get_mut(root, parent), last) {
            (Some(Value::Array(array)), Step::Index(i)) => drop(array.remove(*i)),
            (Some(Value::Table(table)), Step::Key(key)) => drop(table.remove(key)),
            _ => {}
        },
        // Copy another value here, mostly one of the same type (an id over an id, a row over a row).
        5 | 6 => {
            let same: Vec<_> = places.iter().filter(|(_, kind)| *kind == node.type_str()).collect();
            let other = if rng.below(4) == 0 { rng.pick(&places) } else { rng.pick(&same).copied() };
            let other = other.and_then(|(other, _)| get_mut(root, other)).map(|value| value.clone());
            if let (Some(other), Some(slot)) = (other, get_mut(root, &place)) {
                *slot = other;
            }
        }
        // Insert a new entry or element into this value or the one holding it.
        _ => {
            let target = if matches!(node, Value::Table(_) | Value::Array(_)) { &place[..] } else { parent };
            if let Some(container) = get_mut(root, target) {
                insert_into(container, pool, rng);
            }
        }
    }
}

/// Adds an entry to a table (a new key) or an element to an array.
fn insert_into(container: &mut Value, pool: &[String], rng: &mut Rng) {
    let value = boundary_value(&Value::Float(0.1), pool, rng);
    match container {
        Value::Table(table) => drop(table.insert(new_key(pool, rng), value)),
        Value::Array(array) => array.push(value),
        _ => {}
    }
}

/// A key: the empty string, a dictionary word or a string of the input.
fn new_key(pool: &[String], rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => String::new(),
        1 => rng.pick(words()).cloned().unwrap_or_default(),
        _ => rng.pick(pool).cloned().unwrap_or_default(),
    }
}

/// A value at or past the limits of the format: half of the time of the type of `node` (numbers
/// and schedules stand for each other), else of any type or shape.
fn boundary_value(node: &Value, pool: &[String], rng: &mut Rng) -> Value {
    let number = |rng: &mut Rng| match rng.below(4) {
        0 => Value::Integer(0),
        1 => Value::Float(0.1),
        2 => Value::Float(1.0),
        _ => Value::String("1/3".into()),
    };
    // The choices below: 0..11 numbers, 11..17 strings, 17 a boolean, 18..21 arrays, 21..26 tables.
    let same = match node {
        Value::Integer(_) | Value::Float(_) if rng.below(4) == 0 => 22..24,
        Value::Integer(_) | Value::Float(_) => 0..11,
        Value::String(_) => 11..17,
        Value::Boolean(_) => 17..18,
        Value::Array(_) => 18..21,
        Value::Table(_) => 21..26,
        Value::Datetime(_) => 0..26,
    };
    let choice = if rng.below(2) == 0 { same.start + rng.below(same.len()) } else { rng.below(26) };
    match choice {
        0 => Value::Integer(0),
        1 => Value::Integer(-1),
        2 => Value::Integer(1),
        3 => Value::Integer(i64::MAX),
        4 => Value::Integer(i64::MIN),
        5 => Value::Float(1e-29),
        6 => Value::Float(1e300),
        7 => Value::Float(-1e300),
        8 => Value::Float(*rng.pick(&[0.5, -0.0, 7.9e28, 1e12, 1e9, f64::NAN, f64::INFINITY]).expect("not empty")),
        // Limits of integer keys: years, horizons, price years, durations.
        9 => Value::Integer(*rng.pick(&[12, 199, 200, 201, 1899, 1900, 2200, 2201, 2400, 2401]).expect("not empty")),
        10 => number(rng),
        11 => Value::String(String::new()),
        12 => Value::String("rest".into()),
        13 => Value::String(
            rng.pick(&["1/3", "1/0", "0/0", "-1/2", " 1 / 7 ", "1e300/1"]).expect("not empty").to_string(),
        ),
        14 => Value::String(rng.pick(words()).cloned().unwrap_or_default()),
        15 | 16 => Value::String(rng.pick(pool).cloned().unwrap_or_default()),
        17 => Value::Boolean(!matches!(node, Value::Boolean(true))),
        18 => Value::Array(Vec::new()),
        // A long array of this value, or of a number.
        19 => {
            let element = if matches!(node, Value::Table(_) | Value::Array(_)) { number(rng) } else { node.clone() };
            Value::Array(vec![element; 2 + rng.below(600)])
        }
        20 => Value::Array(vec![node.clone()]),
        21 => Value::Table(Table::new()),
        // A schedule.
        22 | 23 => {
            let key = if rng.below(2) == 0 { "by_year" } else { "by_cycle" };
            let values = (0..rng.below(4)).map(|_| number(rng)).collect();
            Value::Table(Table::from_iter([(key.to_string(), Value::Array(values))]))
        }
        // Discount bands.
        24 => {
            let band = |from: i64, rate: Value| {
                Value::Table(Table::from_iter([("from_year".into(), Value::Integer(from)), ("rate".into(), rate)]))
            };
            let second = band(*rng.pick(&[0, 1, 31, 199, 200, -1]).expect("not empty"), number(rng));
            Value::Table(Table::from_iter([("bands".into(), Value::Array(vec![band(0, Value::Float(0.035)), second]))]))
        }
        // The value wrapped in a table.
        _ => Value::Table(Table::from_iter([(new_key(pool, rng), node.clone())])),
    }
}

/// The bare words of the dictionary (keys and ids).
fn words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        DICTIONARY
            .lines()
            .filter_map(|line| line.strip_prefix('"')?.strip_suffix('"'))
            .filter(|word| word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            .map(str::to_string)
            .collect()
    })
}

/// Every short key and string value under `table`.
fn collect_strings(table: &Table, pool: &mut Vec<String>) {
    fn visit(value: &Value, pool: &mut Vec<String>) {
        match value {
            Value::String(s) if s.len() <= 40 => pool.push(s.clone()),
            Value::Table(table) => collect_strings(table, pool),
            Value::Array(array) => array.iter().for_each(|v| visit(v, pool)),
            _ => {}
        }
    }
    for (key, value) in table {
        if key.len() <= 40 {
            pool.push(key.clone());
        }
        visit(value, pool);
    }
}

/// The path and type of every value below `value`.
fn collect_places(value: &Value, path: &mut Vec<Step>, places: &mut Vec<(Vec<Step>, &'static str)>) {
    let mut visit = |step: Step, child: &Value, path: &mut Vec<Step>| {
        path.push(step);
        places.push((path.clone(), child.type_str()));
        collect_places(child, path, places);
        path.pop();
    };
    match value {
        Value::Table(table) => table.iter().for_each(|(key, child)| visit(Step::Key(key.clone()), child, path)),
        Value::Array(array) => array.iter().enumerate().for_each(|(i, child)| visit(Step::Index(i), child, path)),
        _ => {}
    }
}

fn get_mut<'a>(root: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |value, step| match (value, step) {
        (Value::Table(table), Step::Key(key)) => table.get_mut(key),
        (Value::Array(array), Step::Index(i)) => array.get_mut(*i),
        _ => None,
    })
}

/// SplitMix64: small, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() { None } else { items.get(self.below(items.len())) }
    }
}
