package dev.sociindex.gzip;

/**
 * CRC-32 (the gzip polynomial) of a concatenation from the CRCs of its parts, so that pieces decoded apart can be
 * checked against one member trailer. CRC-32 is linear over GF(2): crc(A || B) = crc(A) * x^(8 |B|) mod P xor
 * crc(B), computed here with the polynomials in the reflected bit order CRC-32 uses.
 */
final class Crc32Combine {
    private static final int POLY = 0xEDB88320;
    /** x^(2^k) mod P for k = 0..31 (x^1 is 0x40000000 in reflected order). */
    private static final int[] X_POW_2K = powersOfTwo();

    private Crc32Combine() {
    }

    /** The CRC of A || B given crc(A), crc(B) and |B| in bytes (unsigned 32-bit values in ints). */
    static int combine(int crcA, int crcB, long lengthB) {
        return multiply(xPower8n(lengthB), crcA) ^ crcB;
    }

    /** a * b mod P. */
    private static int multiply(int a, int b) {
        int product = 0;
        for (int mask = 1 << 31; mask != 0; mask >>>= 1) {
            if ((a & mask) != 0) {
                product ^= b;
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return product;
    }

    /** x^(8 n) mod P. */
    private static int xPower8n(long n) {
        int power = 1 << 31; // x^0
        int k = 3;
        while (n != 0) {
            if ((n & 1) != 0) {
                power = multiply(X_POW_2K[k & 31], power);
            }
            n >>>= 1;
            k++;
        }
        return power;
    }

    private static int[] powersOfTwo() {
        int[] table = new int[32];
        int p = 1 << 30;
        for (int k = 0; k < 32; k++) {
            table[k] = p;
            p = multiply(p, p);
        }
        return table;
    }
}
