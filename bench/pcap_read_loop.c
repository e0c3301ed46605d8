/* The ceiling for bench/conform.sh: a bare libpcap read loop.
 *
 * Opens FILE with pcap_open_offline_with_tstamp_precision (microseconds), calls
 * pcap_next_ex on every record and touches each one minimally (sums caplen and the
 * TCP flags byte at the usual Ethernet/IPv4 offset, so the loop cannot be optimised
 * away and the packet data is actually read). Prints one line:
 *     packets N bytes B seconds S
 * where S is the wall time from open to close (clock_gettime, CLOCK_MONOTONIC).
 *
 * Build: cc -O2 -o pcap_read_loop pcap_read_loop.c -lpcap
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.pcap\n", argv[0]);
        return 2;
    }
    char errbuf[PCAP_ERRBUF_SIZE];
    double t0 = now();
    pcap_t *p = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_MICRO, errbuf);
    if (!p) {
        fprintf(stderr, "pcap_read_loop: %s\n", errbuf);
        return 2;
    }
    struct pcap_pkthdr *h;
    const u_char *data;
    unsigned long long packets = 0, bytes = 0, touch = 0;
    int rc;
    while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
        packets++;
        bytes += h->caplen;
        if (h->caplen > 47) touch += data[47];  /* TCP flags behind 14 + 20 bytes */
    }
    if (rc == PCAP_ERROR) {
        fprintf(stderr, "pcap_read_loop: %s\n", pcap_geterr(p));
        pcap_close(p);
        return 2;
    }
    pcap_close(p);
    double t1 = now();
    printf("packets %llu bytes %llu seconds %.6f touch %llu\n", packets, bytes, t1 - t0, touch);
    return 0;
}
