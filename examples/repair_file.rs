fn main() {
    let path = std::env::args().nth(1).expect("file");
    let n: usize = std::env::args().nth(2).map_or(1, |s| s.parse().unwrap());
    let text = std::fs::read_to_string(path).unwrap();
    let mut total = 0;
    for _ in 0..n {
        total += saidwhat::text::repair::repair(&text).text.len();
    }
    println!("{total}");
}
