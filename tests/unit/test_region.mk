test_region_SRCS := mm/region.c
