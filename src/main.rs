#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // No transparent huge pages for this process: mimalloc asks for them
    // on its arenas, and a 2 MiB page is resident as soon as one byte of
    // it is touched, which kept some 35 MB more resident on every run
    // (BENCHMARKS.md); over 200 MB, three runs each way took the same time.
    #[cfg(all(feature = "mimalloc", target_os = "linux"))]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and only
    // sets a flag of this process; its result is not needed.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    saidwhat::cli::main()
}
