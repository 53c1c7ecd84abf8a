// A tiny static i386 program for tests/unit/test_elf.c: text, read-only
// data, data and bss, so its ELF has a text and a data PT_LOAD segment.
// Built by mkdata.sh; the result is checked in as elf_sample.h.
static const char msg[] = "hello from cluster-os\n";
static int counter = 5;
static char scratch[256];

void _start(void)
{
    scratch[0] = (char)counter;
    counter += scratch[1];
    // write(1, msg, len); exit(counter)
    __asm__ volatile("int $0x80" : : "a"(4), "b"(1), "c"(msg), "d"(sizeof(msg) - 1));
    __asm__ volatile("int $0x80" : : "a"(1), "b"(counter));
    for (;;)
        ;
}
