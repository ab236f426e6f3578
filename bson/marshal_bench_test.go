package bson_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// benchFlat is a flat document shaped like the benchmarking spec's
// flat_bson: strings, numbers and booleans under 8-letter keys.
func benchFlat() bson.D {
	var d bson.D
	for i := 0; i < 24; i++ {
		k := "k" + strconv.Itoa(1000000+i)
		d = append(d,
			bson.E{Key: k + "s", Value: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + k},
			bson.E{Key: k + "t", Value: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" + k},
			bson.E{Key: k + "i", Value: int32(i * 1000)},
			bson.E{Key: k + "l", Value: int64(i) << 40},
			bson.E{Key: k + "d", Value: float64(i) * 1.5e17},
			bson.E{Key: k + "b", Value: i%2 == 0},
		)
	}
	return d
}

// benchDeep is a binary tree of documents, like deep_bson.
func benchDeep(depth int) bson.D {
	if depth == 0 {
		return bson.D{{Key: "rightValue", Value: "EIXQykWD"}, {Key: "leftValue", Value: "VRVcZnIk"}}
	}
	return bson.D{{Key: "right", Value: benchDeep(depth - 1)}, {Key: "left", Value: benchDeep(depth - 1)}}
}

type benchUser struct {
	ID        bson.ObjectID `bson:"_id"`
	Name      string        `bson:"name"`
	Email     string        `bson:"email"`
	Age       int           `bson:"age"`
	Score     float64       `bson:"score"`
	Active    bool          `bson:"active"`
	Tags      []string      `bson:"tags"`
	CreatedAt time.Time     `bson:"created_at"`
	Address   struct {
		Street string `bson:"street"`
		City   string `bson:"city"`
		Zip    string `bson:"zip"`
	} `bson:"address"`
	Friends []struct {
		Name string `bson:"name"`
		ID   int64  `bson:"id"`
	} `bson:"friends"`
}

func benchStruct() *benchUser {
	u := &benchUser{ID: bson.NewObjectID(), Name: "Jessie Farris", Email: "jessie@example.com", Age: 31,
		Score: 98.5, Active: true, Tags: []string{"graphic", "designer", "foodie"},
		CreatedAt: time.Date(2010, 9, 2, 19, 38, 18, 0, time.UTC)}
	u.Address.Street, u.Address.City, u.Address.Zip = "1 Main St", "Minneapolis", "55401"
	for i := 0; i < 4; i++ {
		u.Friends = append(u.Friends, struct {
			Name string `bson:"name"`
			ID   int64  `bson:"id"`
		}{"friend " + strconv.Itoa(i), int64(i) * 41832464})
	}
	return u
}

func benchDocs() map[string]bson.D {
	return map[string]bson.D{"flat": benchFlat(), "deep": benchDeep(6)}
}

func BenchmarkMarshalD(b *testing.B) {
	for name, d := range benchDocs() {
		b.Run(name, func(b *testing.B) {
			raw, _ := bson.Marshal(d)
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := bson.Marshal(d); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/append", func(b *testing.B) {
			buf, _ := bson.Marshal(d)
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			pd := &d
			for i := 0; i < b.N; i++ {
				var err error
				if buf, err = bson.MarshalAppend(buf[:0], pd); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUnmarshalD(b *testing.B) {
	for name, d := range benchDocs() {
		raw, err := bson.Marshal(d)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var out bson.D
				if err := bson.Unmarshal(raw, &out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkStruct(b *testing.B) {
	u := benchStruct()
	raw, err := bson.Marshal(u)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("marshal", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := bson.Marshal(u); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unmarshal", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var out benchUser
			if err := bson.Unmarshal(raw, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
