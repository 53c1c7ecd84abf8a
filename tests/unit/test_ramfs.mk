test_ramfs_SRCS := kernel/fs/ramfs.c kernel/fs/vfs.c kernel/fs/vfs_ops.c kernel/fs/file.c \
                   kernel/fs/cpio_load.c kernel/cpio.c kernel/format.c tests/unit/kshim.c
