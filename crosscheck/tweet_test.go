package crosscheck

import (
	"testing"

	cbson "github.com/cwal-go/cwal/bson"
	obson "go.mongodb.org/mongo-driver/v2/bson"
)

// Tweet mirrors the benchmarking spec's tweet.json. Both drivers read the
// same bson tags.
type Tweet struct {
	Text                string      `bson:"text"`
	InReplyToStatusID   int64       `bson:"in_reply_to_status_id"`
	RetweetCount        *int32      `bson:"retweet_count"`
	Contributors        []int64     `bson:"contributors"`
	CreatedAt           string      `bson:"created_at"`
	Geo                 any         `bson:"geo"`
	Source              string      `bson:"source"`
	Coordinates         any         `bson:"coordinates"`
	InReplyToScreenName string      `bson:"in_reply_to_screen_name"`
	Truncated           bool        `bson:"truncated"`
	Entities            TweetEntity `bson:"entities"`
	Retweeted           bool        `bson:"retweeted"`
	Place               any         `bson:"place"`
	User                TweetUser   `bson:"user"`
	Favorited           bool        `bson:"favorited"`
	InReplyToUserID     int64       `bson:"in_reply_to_user_id"`
	ID                  int64       `bson:"id"`
}

type TweetEntity struct {
	UserMentions []TweetMention `bson:"user_mentions"`
	URLs         []string       `bson:"urls"`
	Hashtags     []string       `bson:"hashtags"`
}

type TweetMention struct {
	Indices    []int32 `bson:"indices"`
	ScreenName string  `bson:"screen_name"`
	Name       string  `bson:"name"`
	ID         int64   `bson:"id"`
}

type TweetUser struct {
	FriendsCount              int32  `bson:"friends_count"`
	ProfileSidebarFillColor   string `bson:"profile_sidebar_fill_color"`
	Location                  string `bson:"location"`
	Verified                  bool   `bson:"verified"`
	FollowRequestSent         *bool  `bson:"follow_request_sent"`
	FavouritesCount           int32  `bson:"favourites_count"`
	ProfileSidebarBorderColor string `bson:"profile_sidebar_border_color"`
	ProfileImageURL           string `bson:"profile_image_url"`
	GeoEnabled                bool   `bson:"geo_enabled"`
	CreatedAt                 string `bson:"created_at"`
	Description               string `bson:"description"`
	TimeZone                  string `bson:"time_zone"`
	URL                       string `bson:"url"`
	ScreenName                string `bson:"screen_name"`
	Notifications             *bool  `bson:"notifications"`
	ProfileBackgroundColor    string `bson:"profile_background_color"`
	ListedCount               int32  `bson:"listed_count"`
	Lang                      string `bson:"lang"`
	ProfileBackgroundImageURL string `bson:"profile_background_image_url"`
	StatusesCount             int32  `bson:"statuses_count"`
	Following                 *bool  `bson:"following"`
	ProfileTextColor          string `bson:"profile_text_color"`
	Protected                 bool   `bson:"protected"`
	ShowAllInlineMedia        bool   `bson:"show_all_inline_media"`
	ProfileBackgroundTile     bool   `bson:"profile_background_tile"`
	Name                      string `bson:"name"`
	ContributorsEnabled       bool   `bson:"contributors_enabled"`
	ProfileLinkColor          string `bson:"profile_link_color"`
	FollowersCount            int32  `bson:"followers_count"`
	ID                        int64  `bson:"id"`
	ProfileUseBackgroundImage bool   `bson:"profile_use_background_image"`
	UTCOffset                 int32  `bson:"utc_offset"`
}

func loadTweet(tb testing.TB) ([]byte, int) {
	return loadDataset(tb, "benchmarking/data/single_and_multi_document/tweet.json")
}

// TestTweetStructsAgree decodes the tweet with both drivers and re-encodes
// it: the structs and the bytes must match.
func TestTweetStructsAgree(t *testing.T) {
	raw, _ := loadTweet(t)
	var ct, ot Tweet
	if err := cbson.Unmarshal(raw, &ct); err != nil {
		t.Fatalf("cwal Unmarshal: %v", err)
	}
	if err := obson.Unmarshal(raw, &ot); err != nil {
		t.Fatalf("official Unmarshal: %v", err)
	}
	cb, err := cbson.Marshal(&ct)
	if err != nil {
		t.Fatal(err)
	}
	ob, err := obson.Marshal(&ot)
	if err != nil {
		t.Fatal(err)
	}
	if string(cb) != string(ob) {
		t.Errorf("encodings differ:\ncwal     %x\nofficial %x", cb, ob)
	}
	if ct.User.ScreenName != "jessiekf" || ct.Entities.UserMentions[0].Indices[1] != 9 {
		t.Errorf("decoded tweet is wrong: %+v", ct)
	}
}

func BenchmarkTweetDecode(b *testing.B) {
	raw, size := loadTweet(b)
	b.Run("cwal", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var t Tweet
			if err := cbson.Unmarshal(raw, &t); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("official", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var t Tweet
			if err := obson.Unmarshal(raw, &t); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkTweetEncode(b *testing.B) {
	raw, size := loadTweet(b)
	var t Tweet
	if err := obson.Unmarshal(raw, &t); err != nil {
		b.Fatal(err)
	}
	b.Run("cwal", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := cbson.Marshal(&t); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("official", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := obson.Marshal(&t); err != nil {
				b.Fatal(err)
			}
		}
	})
}
