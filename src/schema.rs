//! The JSON Schema of the two file formats, generated from the raw serde types
//! ([`crate::load::raw`]) with `schemars`.
//!
//! Editors that validate TOML against a JSON Schema (Taplo, Even Better TOML) use it to
//! complete keys and flag unknown ones. The committed copies in `docs/schema/` are kept equal to
//! what these functions give by a test; regenerate them with
//! `cargo run -- schema model > docs/schema/model.schema.json` (and `scenario`). The schema
//! checks the shape of a file (known keys, types, keywords, simple ranges); every rule that
//! needs more than one value, or the model, is `sekalk check`'s (docs/FORMAT.md).

use crate::load::raw::{RawModel, RawScenario};
use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use schemars::{JsonSchema, Schema};
use serde_json::Value;

/// The JSON Schema of a model file (`models/*.toml`).
pub fn model_schema() -> Value {
    root::<RawModel>(
        "model",
        "sekalk model file",
        "A sekalk model file (models/*.toml): states, groups, actors, transition probabilities, cost catalogue and outcome measures. Reference: docs/FORMAT.md, section 5.",
    )
}

/// The JSON Schema of a scenario file (`scenarios/*.toml`).
pub fn scenario_schema() -> Value {
    root::<RawScenario>(
        "scenario",
        "sekalk scenario file",
        "A sekalk scenario file (scenarios/*.toml): the model, horizon, population, discount rates, overrides, baseline and alternatives with their interventions. Reference: docs/FORMAT.md, section 6.",
    )
}

/// A schema as committed: pretty-printed JSON ending with a newline.
pub fn to_pretty(schema: &Value) -> String {
    // A `Value` always serialises; the fallback only keeps this function total.
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The root schema of `T`, named and described as one of sekalk's file formats.
fn root<T: JsonSchema>(kind: &str, title: &str, description: &str) -> Value {
    let generator = SchemaSettings::draft2020_12().with_transform(NoNull).into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    schema.insert("$id".into(), format!("urn:sekalk:schema:{kind}:{}", env!("CARGO_PKG_VERSION")).into());
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    schema.to_value()
}

/// Removes `null` from every schema (as a type, an `anyOf` option or a default): TOML has no
/// null, and an optional key is one that may be left out, which the schema already says by not
/// listing it as required.
#[derive(Clone)]
struct NoNull;

impl Transform for NoNull {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(object) = schema.as_object_mut() {
            if object.get("default").is_some_and(Value::is_null) {
                object.remove("default");
            }
            if let Some(Value::Array(types)) = object.get_mut("type") {
                types.retain(|t| t != "null");
                if let [single] = types.as_slice() {
                    let single = single.clone();
                    object.insert("type".into(), single);
                }
            }
            if let Some(Value::Array(options)) = object.get_mut("anyOf") {
                options.retain(|option| option.get("type").is_none_or(|t| t != "null"));
                if let [single] = options.as_slice() {
                    // `anyOf: [X]` (X alone once null is gone) is X.
                    let single = single.clone();
                    object.remove("anyOf");
                    if let Value::Object(inner) = single {
                        for (key, value) in inner {
                            object.entry(key).or_insert(value);
                        }
                    }
                }
            }
        }
        transform_subschemas(self, schema);
    }
}
