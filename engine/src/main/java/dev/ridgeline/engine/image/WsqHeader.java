package dev.ridgeline.engine.image;

import dev.ridgeline.engine.EngineException;

/**
 * Reads a WSQ file's frame header (ANSI/NIST-ITL WSQ, as NBIS writes it) without decoding it, so
 * the pixel limit holds before the decoder allocates a raster for whatever size the file declares.
 * Layout: SOI marker, then table segments each prefixed by a 16-bit length that counts itself,
 * until the start-of-frame segment (length, black, white, height, width, ...).
 */
record WsqHeader(int width, int height) {

    static final int START_OF_IMAGE = 0xFFA0;
    private static final int START_OF_FRAME = 0xFFA2;
    private static final int START_OF_BLOCK = 0xFFA3;
    private static final int FIRST_MARKER = 0xFFA0;
    private static final int LAST_MARKER = 0xFFA8;

    static boolean startsWsq(byte[] data) {
        return data.length > 2 && unsigned16(data, 0) == START_OF_IMAGE;
    }

    static WsqHeader read(byte[] data) {
        int position = 2;
        while (position + 4 <= data.length) {
            int marker = unsigned16(data, position);
            if (marker < FIRST_MARKER || marker > LAST_MARKER || marker == START_OF_IMAGE) {
                throw malformed("unexpected marker 0x" + Integer.toHexString(marker) + " at byte " + position);
            }
            if (marker == START_OF_BLOCK) {
                throw malformed("image data starts before the frame header");
            }
            int length = unsigned16(data, position + 2);
            if (marker == START_OF_FRAME) {
                if (length < 8 || position + 2 + 8 > data.length) {
                    throw malformed("frame header is truncated");
                }
                return new WsqHeader(unsigned16(data, position + 8), unsigned16(data, position + 6));
            }
            if (length < 2) {
                throw malformed("segment at byte " + position + " has length " + length);
            }
            position += 2 + length;
        }
        throw malformed("no frame header");
    }

    private static int unsigned16(byte[] data, int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    private static EngineException malformed(String why) {
        return EngineException.invalid("WSQ image cannot be decoded: " + why);
    }
}
