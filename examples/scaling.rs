//! One of the once-quadratic paths of `benches/scaling.rs` at size N, for
//! counting instructions at N and 10 N with callgrind (deterministic where
//! wall times are not):
//!
//! ```sh
//! cargo build --release --example scaling
//! valgrind --tool=callgrind target/release/examples/scaling taxonomy 5000
//! ```

use saidwhat::analysis::people::{PeopleDict, Person};
use saidwhat::analysis::topics::{Taxonomy, Topic};

fn person(name: String, aliases: Vec<String>) -> Person {
    Person {
        name,
        aliases,
        ..Person::default()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (case, n): (&str, usize) = match &args[..] {
        [_, case, n] => (case, n.parse().expect("a size")),
        _ => panic!("usage: scaling CASE N"),
    };
    match case {
        "labels" => {
            let words = [
                "alpha", "Beta", "gamma", "Delta", "eps", "Zed", "Quinn", "Ray",
            ];
            let mut text = String::from("# Noisy\n\n");
            for i in 0..n {
                let w = |k: usize| words[(i * 7 + k * 13 + i / 8) % words.len()];
                text.push_str(&format!(
                    "[{:02}:{:02}:{:02}.00]  {}{}{} {}\n",
                    i / 3600 % 100,
                    i / 60 % 60,
                    i % 60,
                    w(1),
                    w(2),
                    w(3).to_lowercase(),
                    w(4)
                ));
            }
            let out = saidwhat::process(
                saidwhat::DocId("n.md".into()),
                text.as_bytes(),
                &PeopleDict::default(),
            );
            println!("{}", out.diagnostics().len());
        }
        "taxonomy" => {
            let topics: Vec<Topic> = (0..n)
                .map(|i| Topic {
                    name: format!("topic {}", i % (n / 2).max(1)),
                    phrases: vec![format!("phrase{i} word"), format!("other{i}")],
                    exclude: vec![format!("not{i}")],
                })
                .collect();
            println!("{}", Taxonomy::new(topics).topics().len());
        }
        "name" => {
            let name: String = (0..n).map(|i| format!("w{i} ")).collect();
            println!(
                "{}",
                PeopleDict::from_people(vec![person(name, Vec::new())])
                    .people()
                    .len()
            );
        }
        "aliases" => {
            let aliases: Vec<String> = (0..n).map(|i| format!("alias{}", i % (n / 2))).collect();
            let d = PeopleDict::from_people(vec![
                person("Ann Lee".into(), aliases.clone()),
                person("ann lee".into(), aliases),
            ]);
            println!("{}", d.people()[0].aliases.len());
        }
        "first-names" => {
            let people: Vec<Person> = (0..n)
                .map(|i| person(format!("John Doe{i}"), vec![format!("Jo{}", i % 100)]))
                .collect();
            println!("{}", PeopleDict::from_people(people).people().len());
        }
        other => panic!("no case {other}"),
    }
}
