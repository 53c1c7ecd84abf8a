test_vfs_SRCS := kernel/fs/vfs.c kernel/fs/vfs_ops.c kernel/fs/file.c kernel/fs/ramfs.c \
                 kernel/fs/procfs.c tests/unit/kshim.c
