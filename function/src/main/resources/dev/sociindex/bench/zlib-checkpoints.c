/*
 * The baseline the bench compares `ztoc build` with: one pass of zlib's own inflate(Z_BLOCK) over a gzip file,
 * keeping a checkpoint (compressed and uncompressed offsets, bit offset, a copy of the 32 KiB window) at each block
 * boundary after more than SPAN bytes of output, as a zlib-based SOCI builder does. Nothing else: no digests, no
 * tar. Usage: zlib-checkpoints SPAN FILE.gz; prints "checkpoints N uncompressed BYTES" on stdout.
 * Written for soci-index-builder's bench; compiled by it with `gcc -O2 ... -lz`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define WINDOW 32768
#define IN_SIZE (1 << 16)
#define OUT_SIZE (1 << 20)

struct checkpoint {
    long long in, out;
    int bits;
    unsigned char *window;
};

static void fail(const char *what, const char *file) {
    fprintf(stderr, "zlib-checkpoints: %s: %s\n", file, what);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: zlib-checkpoints SPAN FILE.gz\n");
        return 2;
    }
    long long span = atoll(argv[1]);
    const char *file = argv[2];
    FILE *f = fopen(file, "rb");
    if (f == NULL) fail("cannot open", file);
    static unsigned char in[IN_SIZE];
    /* Output goes to a buffer whose last 32 KiB are moved to the front when it fills, so the window is contiguous. */
    unsigned char *out = calloc(WINDOW + OUT_SIZE, 1);
    size_t cap = 1024, count = 0;
    struct checkpoint *points = malloc(cap * sizeof *points);
    if (out == NULL || points == NULL) fail("out of memory", file);

    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 32 + 15) != Z_OK) fail("inflateInit2 failed", file);
    long long totalIn = 0, totalOut = 0, last = 0;
    size_t outPos = WINDOW;
    z.avail_in = 0;
    for (;;) {
        if (z.avail_in == 0) {
            z.avail_in = (uInt) fread(in, 1, IN_SIZE, f);
            if (ferror(f)) fail("read error", file);
            if (z.avail_in == 0) break;
            z.next_in = in;
        }
        if (outPos == WINDOW + OUT_SIZE) {
            memmove(out, out + OUT_SIZE, WINDOW);
            outPos = WINDOW;
        }
        z.next_out = out + outPos;
        z.avail_out = (uInt) (WINDOW + OUT_SIZE - outPos);
        uInt beforeIn = z.avail_in, beforeOut = z.avail_out;
        int ret = inflate(&z, Z_BLOCK);
        totalIn += beforeIn - z.avail_in;
        totalOut += beforeOut - z.avail_out;
        outPos += beforeOut - z.avail_out;
        if (ret == Z_NEED_DICT || ret == Z_DATA_ERROR || ret == Z_MEM_ERROR) fail(z.msg ? z.msg : "corrupt data", file);
        if (ret == Z_STREAM_END) {
            /* Another member may follow: start over on the remaining input. */
            if (inflateReset(&z) != Z_OK) fail("inflateReset failed", file);
            continue;
        }
        /* At a block boundary that is not the end of the last block (zlib's data_type bits 128 and 64). */
        if ((z.data_type & 128) && !(z.data_type & 64) && (totalOut == 0 || totalOut - last > span)) {
            if (count == cap) {
                cap *= 2;
                points = realloc(points, cap * sizeof *points);
                if (points == NULL) fail("out of memory", file);
            }
            struct checkpoint *p = &points[count++];
            p->in = totalIn;
            p->out = totalOut;
            p->bits = z.data_type & 7;
            p->window = malloc(WINDOW);
            if (p->window == NULL) fail("out of memory", file);
            memcpy(p->window, out + outPos - WINDOW, WINDOW);
            last = totalOut;
        }
    }
    inflateEnd(&z);
    fclose(f);
    printf("checkpoints %zu uncompressed %lld\n", count, totalOut);
    return 0;
}
