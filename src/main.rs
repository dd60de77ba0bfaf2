fn main() -> std::process::ExitCode {
    saidwhat::cli::main()
}
