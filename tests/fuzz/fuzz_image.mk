fuzz_image_SRCS := ssi/image.c mm/region.c
