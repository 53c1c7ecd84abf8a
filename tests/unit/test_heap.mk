test_heap_SRCS := mm/heap.c
