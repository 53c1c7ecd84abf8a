// Unit tests of the NIC interface's receive checks, counters, registry and
// the /proc/net/dev text (drivers/net/nic.c), with a made-up card.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "drivers/net/nic.h"

static int hook_calls;
static size_t hook_len;
static bool hook_accepts;

static bool hook(struct nic *nic, const void *frame, size_t len, void *arg)
{
    hook_calls++;
    hook_len = len;
    return hook_accepts;
}

static struct nic card;

static int setup(void **state)
{
    nic_reset_registry();
    memset(&card, 0, sizeof(card));
    card.model = "fake";
    memcpy(card.mac, "\x52\x54\x00\x4d\x00\x01", 6);
    card.link_up = true;
    card.rx_hook = hook;
    hook_calls = 0;
    hook_accepts = true;
    return 0;
}

static uint8_t frame[2000];

static void test_good_frames_reach_the_hook(void **state)
{
    nic_rx(&card, frame, ETH_ZLEN);
    nic_rx(&card, frame, ETH_FRAME_MAX);
    assert_int_equal(hook_calls, 2);
    assert_int_equal(hook_len, ETH_FRAME_MAX);
    assert_int_equal(card.stats.rx_packets, 2);
    assert_int_equal(card.stats.rx_bytes, ETH_ZLEN + ETH_FRAME_MAX);
    assert_int_equal(card.stats.rx_errors, 0);
}

static void test_too_short_and_too_long_are_dropped(void **state)
{
    nic_rx(&card, frame, 0);
    nic_rx(&card, frame, ETH_HLEN);
    nic_rx(&card, frame, ETH_ZLEN - 1);
    nic_rx(&card, frame, ETH_FRAME_MAX + 1);
    nic_rx(&card, NULL, 9000);          // never read: the length is checked first
    assert_int_equal(hook_calls, 0);
    assert_int_equal(card.stats.rx_errors, 5);
    assert_int_equal(card.stats.rx_length_errors, 5);
    assert_int_equal(card.stats.rx_packets, 0);
}

static void test_full_queue_counts_a_drop(void **state)
{
    hook_accepts = false;
    nic_rx(&card, frame, 100);
    assert_int_equal(hook_calls, 1);
    assert_int_equal(card.stats.rx_dropped, 1);
    assert_int_equal(card.stats.rx_packets, 0);
    card.rx_hook = NULL;                // nobody listening yet
    nic_rx(&card, frame, 100);
    assert_int_equal(card.stats.rx_dropped, 2);
}

static void test_multicast_and_bad_status_counted(void **state)
{
    frame[0] = 0xFF;
    nic_rx(&card, frame, 64);
    frame[0] = 0x52;
    nic_rx(&card, frame, 64);
    assert_int_equal(card.stats.rx_multicast, 1);
    frame[0] = 0x01;                    // 01:00:5e:..: IPv4 multicast
    nic_rx(&card, frame, 64);
    frame[0] = 0x33;                    // 33:33:..: IPv6 multicast
    nic_rx(&card, frame, 64);
    frame[0] = 0x80;                    // high bit only: unicast
    nic_rx(&card, frame, 64);
    assert_int_equal(card.stats.rx_multicast, 3);
    nic_rx_bad(&card);
    nic_rx_overflow(&card);
    assert_int_equal(card.stats.rx_errors, 1);
    assert_int_equal(card.stats.rx_length_errors, 0);
    assert_int_equal(card.stats.rx_fifo, 1);
    nic_tx_done(&card, 60);
    nic_tx_error(&card);
    nic_tx_drop(&card);
    assert_int_equal(card.stats.tx_packets, 1);
    assert_int_equal(card.stats.tx_bytes, 60);
    assert_int_equal(card.stats.tx_errors, 1);
    assert_int_equal(card.stats.tx_dropped, 1);
}

static void test_registry_names_and_limit(void **state)
{
    static struct nic more[NIC_MAX];
    assert_int_equal(nic_register(&card), 0);
    assert_string_equal(card.name, "eth0");
    for (int i = 1; i < NIC_MAX; i++)
        assert_int_equal(nic_register(&more[i]), 0);
    assert_string_equal(more[1].name, "eth1");
    assert_int_equal(nic_register(&more[0]), -1);
    assert_int_equal(nic_count(), NIC_MAX);
    assert_ptr_equal(nic_get(0), &card);
    assert_null(nic_get(NIC_MAX));
    assert_null(nic_get(-1));
}

static void test_proc_net_dev_text(void **state)
{
    char buf[1024];
    nic_register(&card);
    nic_rx(&card, frame, 100);
    nic_rx(&card, frame, 10);
    nic_tx_done(&card, 70);
    int n = netdev_format(buf, sizeof(buf));
    assert_int_equal(n, (int)strlen(buf));
    assert_non_null(strstr(buf, "Inter-|   Receive"));
    const char *line = strstr(buf, "eth0:");
    assert_non_null(line);
    unsigned long long v[16];
    char link[8], mac[20], model[16];
    int got = sscanf(line, "eth0: %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu "
                     "%llu %llu %llu %llu %7s %19s %15s", &v[0], &v[1], &v[2], &v[3], &v[4],
                     &v[5], &v[6], &v[7], &v[8], &v[9], &v[10], &v[11], &v[12], &v[13], &v[14],
                     &v[15], link, mac, model);
    assert_int_equal(got, 19);
    assert_int_equal(v[0], 100);        // rx bytes
    assert_int_equal(v[1], 1);          // rx packets
    assert_int_equal(v[2], 1);          // errs: the runt
    assert_int_equal(v[5], 1);          // frame: length errors
    assert_int_equal(v[8], 70);         // tx bytes
    assert_int_equal(v[9], 1);          // tx packets
    assert_string_equal(link, "up");
    assert_string_equal(mac, "52:54:00:4d:00:01");
    assert_string_equal(model, "fake");
    // A short buffer still gets the full length back, and a NUL.
    char small[16];
    assert_int_equal(netdev_format(small, sizeof(small)), n);
    assert_int_equal(strlen(small), sizeof(small) - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_good_frames_reach_the_hook, setup),
        cmocka_unit_test_setup(test_too_short_and_too_long_are_dropped, setup),
        cmocka_unit_test_setup(test_full_queue_counts_a_drop, setup),
        cmocka_unit_test_setup(test_multicast_and_bad_status_counted, setup),
        cmocka_unit_test_setup(test_registry_names_and_limit, setup),
        cmocka_unit_test_setup(test_proc_net_dev_text, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
