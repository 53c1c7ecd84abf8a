fuzz_region_SRCS := mm/region.c
