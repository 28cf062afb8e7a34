package phrase

import (
	"errors"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"
)

func TestLoadFS(t *testing.T) {
	l, err := LoadFS(os.DirFS("../../configs"), "phrases/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := configFiles(t)
	byFiles, err := LoadFiles(files...)
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != byFiles.Len() || l.Len() == 0 {
		t.Errorf("LoadFS found %d phrases, LoadFiles %d", l.Len(), byFiles.Len())
	}
	_, err = LoadFS(os.DirFS("../../configs"), "nothing/*.yaml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no match: error %v, want ErrNotExist", err)
	}
	bad := fstest.MapFS{"a.yaml": {Data: []byte("lang: zh\nbogus: 1\n")}}
	if _, err := LoadFS(bad, "*.yaml"); !errors.Is(err, ErrSchema) {
		t.Errorf("bad file: error %v, want ErrSchema", err)
	}
	if _, err := LoadFiles("testdata/none.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error %v, want ErrNotExist", err)
	}
}

func TestNewLibraryRejectsDuplicateIDs(t *testing.T) {
	_, err := NewLibrary([]Phrase{{ID: "a"}, {ID: "a"}})
	if !errors.Is(err, ErrSchema) {
		t.Errorf("error %v, want ErrSchema", err)
	}
}
