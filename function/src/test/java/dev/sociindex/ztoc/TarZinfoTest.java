package dev.sociindex.ztoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.flatbuffers.FlatBufferBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TarZinfoTest {

    @Test
    void encodesAFlatbufferWithTheSchemaSlots() {
        FlatWalker w = new FlatWalker(TarZinfo.of(4 << 20, 123_456_789_012L).encode());
        int root = w.root();
        assertEquals(2, w.int32(root, 0));
        assertEquals(4 << 20, w.int64(root, 1));
        assertEquals(123_456_789_012L, w.int64(root, 2));
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        TarZinfo zinfo = TarZinfo.of(65_536, 1_000_000);
        assertEquals(zinfo, TarZinfo.decode(zinfo.encode()));
    }

    @Test
    void rejectsGarbage() {
        assertThrows(ZtocFormatException.class, () -> TarZinfo.decode(new byte[3]));
        assertThrows(ZtocFormatException.class, () -> TarZinfo.decode(new byte[] {(byte) 0xf0, 0x7f, 0, 0}));
    }

    @Test
    void rejectsAZinfoWithoutSpanSizeWhichGoWouldDivideBy() {
        FlatBufferBuilder builder = new FlatBufferBuilder(64);
        builder.startTable(3);
        builder.addInt(0, 2, 0);
        builder.addLong(2, 10_000, 0);
        builder.finish(builder.endTable());
        ZtocFormatException e = assertThrows(ZtocFormatException.class,
                () -> TarZinfo.decode(builder.sizedByteArray()));
        assertTrue(e.getMessage().contains("span size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TarZinfo(2, 5, -1));
    }

    @Test
    void maxSpanIdFollowsGo() {
        assertEquals(0, TarZinfo.maxSpanId(1, 10));
        assertEquals(0, TarZinfo.maxSpanId(10, 10));
        assertEquals(1, TarZinfo.maxSpanId(11, 10));
        assertEquals(3, TarZinfo.maxSpanId(10, 3));
        assertEquals(-1, TarZinfo.maxSpanId(0, 10), "an empty layer has no spans");
        assertThrows(IllegalArgumentException.class, () -> TarZinfo.maxSpanId(10, 0));
    }

    @Test
    void spansAreFixedSizeWithAShortLastOne() {
        assertEquals(List.of(new SpanRange(0, 3), new SpanRange(3, 6), new SpanRange(6, 9), new SpanRange(9, 10)),
                TarZinfo.spanRanges(10, 3));
        assertEquals(List.of(new SpanRange(0, 5), new SpanRange(5, 10)), TarZinfo.spanRanges(10, 5));
        assertEquals(List.of(), TarZinfo.spanRanges(0, 5));
        assertEquals(List.of(new SpanRange(0, 7)), TarZinfo.spanRanges(7, Long.MAX_VALUE));
    }
}
