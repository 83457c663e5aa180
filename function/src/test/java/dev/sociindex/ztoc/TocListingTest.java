package dev.sociindex.ztoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bytes.RawBytes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Path cleaning, lookups and what a layer hides from the layers below it (overlay whiteout rules). */
class TocListingTest {
    @Test
    void aLeadingSlashAndDotElementsAreOptional() {
        assertEquals("usr/bin/python3", TocPaths.key("/usr/bin/python3"));
        assertEquals("usr/bin/python3", TocPaths.key("usr//bin/./python3/"));
        assertEquals("usr/bin/python3", TocPaths.key(RawBytes.utf8("./usr/bin/python3")));
        assertEquals("", TocPaths.key(RawBytes.utf8("./")));
        assertThrows(IllegalArgumentException.class, () -> TocPaths.key("/"));
        assertThrows(IllegalArgumentException.class, () -> TocPaths.key("usr/../etc/passwd"));
        assertEquals(Optional.empty(), TocPaths.normalize("."));
    }

    @Test
    void whiteoutsOpaqueDirectoriesAndReplacedDirectoriesHideLowerLayers() {
        TocListing layer = new TocListing(List.of(file("./etc/.wh.passwd"), file("var/cache/.wh..wh..opq"), file("var/cache/kept"),
                file("opt/.wh.app"), file("srv")));
        assertTrue(layer.hides("etc/passwd"));
        assertFalse(layer.hides("etc/group"));
        assertTrue(layer.hides("var/cache/old/file"));
        assertTrue(layer.entry("var/cache/kept").isPresent());
        assertTrue(layer.hides("opt/app/bin/run"), "a whited-out directory hides what was below it");
        assertTrue(layer.hides("srv/www/index.html"), "a directory replaced by a file");
        assertTrue(layer.entry("etc/.wh.passwd").isEmpty(), "a whiteout marker is not a file of the image");
    }

    private static FileMetadata file(String name) {
        return new FileMetadata(RawBytes.utf8(name), "reg", 512, 0, RawBytes.EMPTY, 0644, 0, 0, RawBytes.EMPTY, RawBytes.EMPTY,
                "1970-01-01T00:00:00Z", 0, 0, List.of());
    }
}
