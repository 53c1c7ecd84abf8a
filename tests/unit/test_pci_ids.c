// Unit tests of the PCI names and the /proc/pci text (drivers/pci_ids.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "drivers/pci_ids.h"

static void test_names(void **state)
{
    assert_string_equal(pci_device_name(0x8086, 0x100e), "Intel 82540EM Gigabit Ethernet (e1000)");
    assert_string_equal(pci_device_name(0x10ec, 0x8139), "Realtek RTL8139 Fast Ethernet");
    assert_null(pci_device_name(0x8086, 0xFFFF));
    assert_string_equal(pci_vendor_name(0x10ec), "Realtek");
    assert_null(pci_vendor_name(0xABCD));
    assert_string_equal(pci_class_name(0x02, 0x00), "Ethernet controller");
    assert_string_equal(pci_class_name(0x02, 0x80), "Network controller");
    assert_string_equal(pci_class_name(0x77, 0x00), "unknown class");
}

static void test_proc_pci_text(void **state)
{
    struct pci_dev d[3];
    memset(d, 0, sizeof(d));
    d[0] = (struct pci_dev){ .bus = 0, .dev = 3, .fn = 0, .vendor = 0x8086, .device = 0x100e,
                             .class_code = 2, .subclass = 0, .irq = 11, .pin = 1 };
    d[0].bar[0] = (struct pci_bar){ .base = 0xfebc0000, .size = 0x20000 };
    d[0].bar[1] = (struct pci_bar){ .base = 0xc000, .size = 0x40, .io = true };
    d[1] = (struct pci_dev){ .bus = 0, .dev = 1, .fn = 1, .vendor = 0xABCD, .device = 0x1,
                             .class_code = 6, .subclass = 0, .irq = PCI_NO_IRQ };
    // An interrupt line value without an interrupt pin means no interrupt.
    d[2] = (struct pci_dev){ .bus = 1, .dev = 31, .fn = 7, .vendor = 0x10ec, .device = 0x8029,
                             .class_code = 2, .subclass = 0, .irq = 10, .pin = 0 };
    char buf[512];
    int n = pci_format_devs(buf, sizeof(buf), d, 3);
    assert_int_equal(n, (int)strlen(buf));
    assert_string_equal(buf,
        "00:03.0 0200 8086:100e irq 11 Ethernet controller: Intel 82540EM Gigabit Ethernet (e1000)\n"
        "    bar0 mem 0xfebc0000 size 0x20000\n"
        "    bar1 io  0x0000c000 size 0x40\n"
        "00:01.1 0600 abcd:0001 irq - Host bridge: unknown device\n"
        "01:1f.7 0200 10ec:8029 irq - Ethernet controller: Realtek RTL8029 (NE2000 PCI)\n");
    char small[20];
    assert_int_equal(pci_format_devs(small, sizeof(small), d, 3), n);
    assert_int_equal(strlen(small), sizeof(small) - 1);
    assert_int_equal(pci_format_devs(buf, sizeof(buf), d, 0), 0);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_proc_pci_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
