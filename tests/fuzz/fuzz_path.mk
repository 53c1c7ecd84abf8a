fuzz_path_SRCS := kernel/fs/vfs.c kernel/fs/vfs_ops.c kernel/fs/file.c kernel/fs/ramfs.c \
                  tests/unit/kshim.c
