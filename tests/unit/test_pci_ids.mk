test_pci_ids_SRCS := drivers/pci_ids.c kernel/format.c
