// Unit tests of the ne2k_isa=PORT,IRQ parser (drivers/net/isa_cfg.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "drivers/net/isa_cfg.h"

static void test_good_settings(void **state)
{
    uint16_t port = 0;
    int irq = -1;
    assert_true(isa_cfg_parse("0x300,9", &port, &irq));
    assert_int_equal(port, 0x300);
    assert_int_equal(irq, 9);
    assert_true(isa_cfg_parse("280,10", &port, &irq));
    assert_int_equal(port, 0x280);
    assert_int_equal(irq, 10);
    assert_true(isa_cfg_parse("0XfFe0,15", &port, &irq));
    assert_int_equal(port, 0xFFE0);
    assert_int_equal(irq, 15);
    assert_true(isa_cfg_parse("1,0", &port, &irq));
    assert_int_equal(port, 1);
    assert_int_equal(irq, 0);
}

static void test_bad_settings_change_nothing(void **state)
{
    const char *bad[] = {
        "", ",", "0x300", "0x300,", ",9", "0x,9", "0x300,16", "0x300,99", "0x300,-1",
        "0x300,9x", "0x30g,9", "0xFFE1,9", "0x10000,9", "0x0,9", "0,5", "300 ,9",
        "0x300,9,1", "0x1234567,9", "off",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint16_t port = 0x1234;
        int irq = 77;
        assert_false(isa_cfg_parse(bad[i], &port, &irq));
        assert_int_equal(port, 0x1234);
        assert_int_equal(irq, 77);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_settings),
        cmocka_unit_test(test_bad_settings_change_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
