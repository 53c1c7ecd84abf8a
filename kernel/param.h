// Constants of the kernel, in one place (as xv6's param.h).
#ifndef KERNEL_PARAM_H
#define KERNEL_PARAM_H

#define KERNEL_NAME     "cluster-os"
#define KERNEL_VERSION  "0.1.0"

#define PAGE_SIZE       4096
#define KERNBASE        0xC0000000u   // kernel virtual base; user space is below
#define KERNLINK        0xC0100000u   // where the kernel image is linked
// Physical memory below DIRECTMAP_SIZE is mapped at KERNBASE + paddr for the
// kernel (as Linux's lowmem). Above the direct map, from MMIO_BASE, the kernel
// maps device registers (PCI BARs) on demand.
#define DIRECTMAP_SIZE  0x38000000u   // 896 MiB
#define MMIO_BASE       0xF8000000u
#define MMIO_END        0xFFC00000u   // the last 4 MiB are left unmapped

#define HZ              100           // timer interrupts per second
#define KSTACK_SIZE     16384         // kernel stack of each thread
#define MAX_MODULES     8             // multiboot modules kept
#define MAX_SETTINGS    32            // key=value settings on the command line
#define CMDLINE_MAX     512           // longest kernel command line kept

#define NPROC           64            // processes and kernel threads per node
#define NOFILE          32            // open files per process
#define QUANTUM_TICKS   2             // timer ticks a process runs before it is preempted
#define MAXARG          64            // arguments + environment strings to execve
#define ARG_MAX         (64 * 1024)   // bytes of them
#define PATH_MAX        256           // longest path a system call accepts
#define SYSCALL_BUF_MAX (64 * 1024)   // largest buffer one read/write call moves

#endif
