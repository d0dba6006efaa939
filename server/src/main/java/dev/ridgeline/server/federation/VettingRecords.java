package dev.ridgeline.server.federation;

import dev.ridgeline.api.v1.VettingRecord;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every vetting decided here, appended to {@code DATA_DIR/federation/vetting.log} (length-delimited
 * {@link VettingRecord}s) and synced before the enrollment is answered, so an answered vetting
 * survives a crash. The latest record per programme gallery and subject is kept in memory for
 * {@code GetVetting}. A record cut short by a crash during its write was never answered, and is
 * cut off the file when it is opened again.
 */
final class VettingRecords implements AutoCloseable {

    private final Path file;
    private final FileChannel log;
    private final Map<String, VettingRecord> latest = new HashMap<>();

    VettingRecords(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.getParent());
        this.log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long whole = readAll();
        log.truncate(whole);
        log.position(whole);
    }

    /** Reads every whole record; returns where the last whole one ends. */
    private long readAll() throws IOException {
        long whole = 0;
        try (InputStream in = Files.newInputStream(file)) {
            CountingInput counted = new CountingInput(in);
            while (true) {
                VettingRecord record;
                try {
                    record = VettingRecord.parseDelimitedFrom(counted);
                } catch (IOException torn) {
                    break;
                }
                if (record == null) {
                    break;
                }
                latest.put(key(record.getGallery(), record.getSubjectId()), record);
                whole = counted.count;
            }
        }
        return whole;
    }

    /** Appends and syncs {@code record}; returns once it is durable. */
    synchronized void append(VettingRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            record.writeDelimitedTo(bytes);
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                log.write(buffer);
            }
            log.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the vetting record to " + file, e);
        }
        latest.put(key(record.getGallery(), record.getSubjectId()), record);
    }

    /** The latest vetting of {@code subjectId} for the programme whose gallery is {@code gallery}. */
    synchronized Optional<VettingRecord> latest(String gallery, String subjectId) {
        return Optional.ofNullable(latest.get(key(gallery, subjectId)));
    }

    private static String key(String gallery, String subjectId) {
        return gallery + '\n' + subjectId;
    }

    @Override
    public synchronized void close() throws IOException {
        log.close();
    }

    /** Counts the bytes read, so the end of the last whole record is known. */
    private static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
