#ifndef SEEDCTL_CAFFINITY_SHIM_H
#define SEEDCTL_CAFFINITY_SHIM_H
#include <sys/syscall.h>
#include <unistd.h>

// sched_getaffinity, sched_setaffinity and the CPU_SET macros need _GNU_SOURCE, which Swift's
// Glibc module is not built with; the system calls themselves take a plain bit mask.
#define SEEDCTL_CPU_MASK_WORDS 16 /* 1,024 CPUs */
#define SEEDCTL_WORD_BITS (8 * (int)sizeof(unsigned long))

/// Writes the CPUs the calling thread may run on into `cpus`, ascending; returns their count,
/// or -1 when the kernel refuses.
static inline int seedctl_allowed_cpus(int *cpus, int capacity) {
    unsigned long mask[SEEDCTL_CPU_MASK_WORDS] = {0};
    long bytes = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
    if (bytes < 0) return -1;
    int count = 0;
    for (int cpu = 0; cpu < (int)bytes * 8 && count < capacity; cpu++) {
        if ((mask[cpu / SEEDCTL_WORD_BITS] >> (cpu % SEEDCTL_WORD_BITS)) & 1UL) cpus[count++] = cpu;
    }
    return count;
}

/// Binds the calling thread to CPU `cpu`; returns 0, or -1 when the kernel refuses.
static inline int seedctl_bind_thread(int cpu) {
    unsigned long mask[SEEDCTL_CPU_MASK_WORDS] = {0};
    if (cpu < 0 || cpu >= SEEDCTL_CPU_MASK_WORDS * SEEDCTL_WORD_BITS) return -1;
    mask[cpu / SEEDCTL_WORD_BITS] = 1UL << (cpu % SEEDCTL_WORD_BITS);
    return syscall(SYS_sched_setaffinity, 0, sizeof mask, mask) == 0 ? 0 : -1;
}
#endif
