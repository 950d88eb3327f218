// seedctl is built for Linux only: it imports Glibc and reads /proc/self/status. Building it
// elsewhere fails here with one line that says why.
#if !os(Linux)
    #error(
        "seedctl builds on Linux only (it uses Glibc and /proc); build it on Linux or in a Linux container")
#endif
