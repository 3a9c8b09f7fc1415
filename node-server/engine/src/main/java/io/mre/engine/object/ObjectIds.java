package io.mre.engine.object;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.UUID;

/** Object ids: UUIDv7 (time-ordered, so stores and logs sort them by creation). */
public final class ObjectIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ObjectIds() {}

    /** A new UUIDv7 in text form. */
    public static String newId(InstantSource clock) {
        long millis = clock.millis();
        byte[] r = new byte[10];
        RANDOM.nextBytes(r);
        long msb = (millis << 16) | 0x7000L | ((r[0] & 0x0FL) << 8) | (r[1] & 0xFFL);
        long lsb = 0x8000000000000000L | ((r[2] & 0x3FL) << 56);
        for (int i = 3; i < 10; i++) {
            lsb |= (r[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(msb, lsb).toString();
    }
}
