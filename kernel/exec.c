// execve (see exec.h).
#include "kernel/exec.h"
#include "kernel/shebang.h"
#include "kernel/proc.h"
#include "kernel/elf.h"
#include "kernel/gdt.h"
#include "kernel/x86.h"
#include "kernel/api/errno.h"
#include "kernel/fs/vfs.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include "mm/uvm.h"
#include <string.h>


int exec_read(struct proc *p, const char *path, char **out, size_t *len)
{
    struct file *f;
    int err = vfs_open(p->cwd, path, O_RDONLY, 0, &f);
    if (err < 0)
        return err;
    struct api_stat st;
    err = file_stat(f, &st);
    if (err >= 0 && (st.st_mode & S_IFMT) != S_IFREG)
        err = -EACCES;
    if (err >= 0 && st.st_size > EXEC_FILE_MAX)
        err = -ENOEXEC;
    char *buf = NULL;
    if (err >= 0) {
        buf = kmalloc(st.st_size ? st.st_size : 1);
        if (!buf)
            err = -ENOMEM;
    }
    size_t got = 0;
    while (err >= 0 && got < st.st_size) {
        int n = file_read(f, buf + got, st.st_size - got);
        if (n < 0)
            err = n;
        else if (n == 0)
            break;
        else
            got += (size_t)n;
    }
    file_close(f);
    if (err < 0) {
        kfree(buf);
        return err;
    }
    *out = buf;
    *len = got;
    return 0;
}

// Copy n bytes into vm at va, whatever the pages' protection (the
// program's text is read-only to the program, not to its loader).
static int load_bytes(struct vmspace *vm, vaddr_t va, const void *src, size_t n)
{
    const char *s = src;
    while (n > 0) {
        paddr_t pa = uvm_translate(vm, va, false);
        if (!pa)
            return -EFAULT;
        size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        memcpy(P2V(pa), s, chunk);
        s += chunk;
        va += chunk;
        n -= chunk;
    }
    return 0;
}

// Map the plan's segments into vm and copy their file bytes.
static int load_segments(struct vmspace *vm, const struct elf_plan *plan, const char *file)
{
    for (int i = 0; i < plan->nseg; i++) {
        const struct elf_segment *s = &plan->seg[i];
        vaddr_t start = s->vaddr & ~(PAGE_SIZE - 1);
        vaddr_t end = (s->vaddr + s->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        uint32_t prot = REGION_PROT_R | ((s->flags & ELF_SEG_W) ? REGION_PROT_W : 0) |
                        ((s->flags & ELF_SEG_X) ? REGION_PROT_X : 0);
        uint32_t kind = (s->flags & ELF_SEG_X) ? REGION_TEXT : REGION_DATA;
        int err = uvm_map_region(vm, start, end, prot, kind, 0);
        if (err)
            return err;
        err = load_bytes(vm, s->vaddr, file + s->offset, s->filesz);
        if (err)
            return err;
    }
    return 0;
}

// Count a NULL-terminated list and the bytes of its strings.
static int measure(const char *const list[], int *count, size_t *bytes)
{
    int n = 0;
    for (; list && list[n]; n++) {
        if (n >= MAXARG)
            return -E2BIG;
        *bytes += strlen(list[n]) + 1;
    }
    *count = n;
    return *bytes > ARG_MAX ? -E2BIG : 0;
}

// Build the initial stack as the i386 System V ABI has it: argc, argv
// pointers, NULL, envp pointers, NULL, then the strings. Returns the new
// stack pointer in *sp.
static int build_stack(struct vmspace *vm, const char *const argv[], const char *const envp[],
                       uint32_t *sp)
{
    int argc = 0, envc = 0;
    size_t bytes = 0;
    int err = measure(argv, &argc, &bytes);
    if (!err)
        err = measure(envp, &envc, &bytes);
    if (err)
        return err;
    uint32_t strings = (USER_STACK_TOP - bytes) & ~3u;
    uint32_t nptr = 1 + argc + 1 + envc + 1;
    uint32_t top = (strings - nptr * 4) & ~15u;
    uint32_t *ptrs = kmalloc(nptr * 4);
    if (!ptrs)
        return -ENOMEM;
    uint32_t at = strings;
    int k = 0;
    ptrs[k++] = (uint32_t)argc;
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]) + 1;
        if (load_bytes(vm, at, argv[i], n) != 0)
            err = -E2BIG;
        ptrs[k++] = at;
        at += n;
    }
    ptrs[k++] = 0;
    for (int i = 0; i < envc; i++) {
        size_t n = strlen(envp[i]) + 1;
        if (load_bytes(vm, at, envp[i], n) != 0)
            err = -E2BIG;
        ptrs[k++] = at;
        at += n;
    }
    ptrs[k++] = 0;
    if (!err && load_bytes(vm, top, ptrs, nptr * 4) != 0)
        err = -E2BIG;
    kfree(ptrs);
    *sp = top;
    return err;
}

int exec_image(struct proc *p, const char *path, const char *file, size_t len,
               const char *const argv[], const char *const envp[])
{
    struct elf_plan plan;
    if (elf_parse(file, len, &plan) != ELF_OK)
        return -ENOEXEC;
    struct vmspace *vm = uvm_create();
    if (!vm)
        return -ENOMEM;
    int err = load_segments(vm, &plan, file);
    if (!err)
        err = uvm_map_region(vm, USER_STACK_TOP - USER_STACK_INIT, USER_STACK_TOP,
                             REGION_PROT_R | REGION_PROT_W, REGION_STACK, REGION_GROWSDOWN);
    uint32_t sp = 0;
    if (!err)
        err = build_stack(vm, argv, envp, &sp);
    if (err) {
        uvm_destroy(vm);
        return err;
    }
    vm->heap_start = plan.brk;
    vm->brk = plan.brk;

    // Past this point nothing can fail: the old program is gone.
    struct vmspace *old = p->vm;
    p->vm = vm;
    if (p == myproc())
        uvm_switch(vm);
    uvm_destroy(old);

    struct trapframe *tf = p->tf;
    memset(tf, 0, sizeof(*tf));
    tf->cs = UCODE_SEL;
    tf->ds = tf->es = tf->fs = tf->gs = tf->ss = UDATA_SEL;
    tf->eflags = EFLAGS_IF | 0x2;
    tf->eip = plan.entry;
    tf->esp = sp;
    fpu_state_init(&p->fpu);
    if (p == myproc())
        fpu_restore(&p->fpu);
    // Handlers point into the old program: back to the default, but what
    // was ignored stays ignored (as POSIX says).
    for (int i = 0; i < NSIG; i++)
        if (p->sigact[i].sa_handler != SIG_IGN_VALUE)
            memset(&p->sigact[i], 0, sizeof(p->sigact[i]));
    const char *base = strrchr(path, '/');
    strlcpy(p->name, base ? base + 1 : path, sizeof(p->name));
    return 0;
}

void exec_home_part(struct proc *p, const char *path)
{
    for (int i = 0; i < NOFILE; i++) {
        if ((p->cloexec & (1u << i)) && p->ofile[i]) {
            file_close(p->ofile[i]);
            p->ofile[i] = NULL;
        }
    }
    p->cloexec = 0;
    const char *base = strrchr(path, '/');
    strlcpy(p->name, base ? base + 1 : path, sizeof(p->name));
}

int exec_script(const char *path, const char *file, size_t len, const char *const argv[],
                const char **interp, const char ***args)
{
    if (len < 2 || file[0] != '#' || file[1] != '!')
        return 0;
    int argc = 0;
    while (argv[argc])
        argc++;
    // One block: the pointers (interpreter, its argument, the script,
    // argv[1..], NULL), then the parsed line they point into.
    int max = argc + 4;
    size_t ptrs = (size_t)max * sizeof(char *);
    char *block = kmalloc(ptrs + sizeof(struct shebang));
    if (!block)
        return -ENOMEM;
    struct shebang *sb = (struct shebang *)(block + ptrs);
    int n = shebang_parse(file, len, sb);
    if (n == 1)
        n = shebang_argv(sb, path, argv, (const char **)block, max);
    if (n < 0) {
        kfree(block);
        return n;
    }
    *interp = sb->interp;
    *args = (const char **)block;
    return 1;
}

int exec_load(struct proc *p, const char *path, const char *const argv[],
              const char *const envp[])
{
    char *file;
    size_t len;
    int err = exec_read(p, path, &file, &len);
    if (err)
        return err;
    // A script: the program is its interpreter (which must not be a
    // script itself: exec_image refuses what is not ELF).
    const char *interp;
    const char **args = NULL;
    int script = exec_script(path, file, len, argv, &interp, &args);
    if (script == 1) {
        kfree(file);
        err = exec_read(p, interp, &file, &len);
        if (err) {
            kfree(args);
            return err;
        }
        argv = args;
    }
    err = script < 0 ? script : exec_image(p, path, file, len, argv, envp);
    kfree(file);
    kfree(args);
    if (err == 0)
        exec_home_part(p, path);
    return err;
}
