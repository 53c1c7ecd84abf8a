// Small wrappers around x86 instructions that C cannot express.
#ifndef KERNEL_X86_H
#define KERNEL_X86_H

#include "kernel/types.h"

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

// Whole buffers through one port, with one string instruction each
// ("rep insl" and friends): count items of the port's width.
static inline void insl(uint16_t port, void *buf, uint32_t count)
{
    __asm__ volatile("rep insl" : "+D"(buf), "+c"(count) : "d"(port) : "memory");
}

static inline void insw(uint16_t port, void *buf, uint32_t count)
{
    __asm__ volatile("rep insw" : "+D"(buf), "+c"(count) : "d"(port) : "memory");
}

static inline void outsl(uint16_t port, const void *buf, uint32_t count)
{
    __asm__ volatile("rep outsl" : "+S"(buf), "+c"(count) : "d"(port) : "memory");
}

static inline void outsw(uint16_t port, const void *buf, uint32_t count)
{
    __asm__ volatile("rep outsw" : "+S"(buf), "+c"(count) : "d"(port) : "memory");
}

static inline void io_wait(void)
{
    outb(0x80, 0);   // an unused port: the write takes about a microsecond
}

static inline void cli(void) { __asm__ volatile("cli"); }
static inline void sti(void) { __asm__ volatile("sti"); }
static inline void hlt(void) { __asm__ volatile("hlt"); }

static inline uint32_t read_eflags(void)
{
    uint32_t f;
    __asm__ volatile("pushfl; popl %0" : "=r"(f));
    return f;
}

static inline uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0,%0" : "=r"(v)); return v; }
static inline uint32_t read_cr2(void) { uint32_t v; __asm__ volatile("mov %%cr2,%0" : "=r"(v)); return v; }
static inline uint32_t read_cr3(void) { uint32_t v; __asm__ volatile("mov %%cr3,%0" : "=r"(v)); return v; }
static inline uint32_t read_cr4(void) { uint32_t v; __asm__ volatile("mov %%cr4,%0" : "=r"(v)); return v; }
static inline void write_cr0(uint32_t v) { __asm__ volatile("mov %0,%%cr0" : : "r"(v)); }
static inline void write_cr3(uint32_t v) { __asm__ volatile("mov %0,%%cr3" : : "r"(v) : "memory"); }
static inline void write_cr4(uint32_t v) { __asm__ volatile("mov %0,%%cr4" : : "r"(v)); }

static inline void invlpg(vaddr_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline uint32_t read_ebp(void)
{
    uint32_t v;
    __asm__ volatile("movl %%ebp, %0" : "=r"(v));
    return v;
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#define EFLAGS_IF 0x200
#define EFLAGS_DF 0x400   // direction flag: string instructions count down

// A section with interrupts off, for code that shares state with an
// interrupt handler on this (single) CPU, or that tests a condition before
// it sleeps (kernel/sched.h). intr_save turns interrupts off and returns
// the flags; intr_restore turns them back on if they were on.
static inline uint32_t intr_save(void)
{
    uint32_t f = read_eflags();
    cli();
    return f;
}

static inline void intr_restore(uint32_t flags)
{
    if (flags & EFLAGS_IF)
        sti();
}

#endif
