namespace Rostro.MockServer.Mimic;

/// <summary>The sentences the mimic's text is woven from: original prose written for this repository (no licence attached to anyone else's words).</summary>
/// <remarks>Many sentences share word pairs on purpose, so the order-2 chain in <see cref="TextSynthesizer"/> can wander from one to another and still read as English.</remarks>
internal static class MimicCorpus
{
    public const string Text = """
        The old dragon slept beneath the mountain, and the village below had almost forgotten the sound of its breathing.
        Every winter the river froze from the edges inward, and the children of the village tested the ice with long wooden poles.
        She opened the map on the kitchen table and traced the road to the coast with one careful finger.
        The storm came in from the west just after midnight, and by morning the harbour was full of broken masts.
        If you want to understand a city, walk through it early in the morning before the shops have opened.
        The best bread is made slowly, with patience, warm water and a little more salt than most recipes admit.
        He had never seen the sea before, and for a long time he simply stood on the sand and listened to it.
        The library was quiet except for the rain on the high windows and the turning of old pages.
        A good story needs a character who wants something, and a world that does not want to give it to them.
        The dragon opened one golden eye and watched the travellers climb the narrow path toward its cave.
        In the morning the weather was clear and cold, and the mountain stood sharp against a pale blue sky.
        The weather in the valley changes quickly, so sensible travellers carry a warm coat even in summer.
        Most of the time the answer is simpler than it looks, and the hard part is asking the right question.
        The ship turned slowly toward the lights of the harbour, and the sailors began to sing an old song.
        She wrote the letter three times before she was happy with it, and then she burned all three copies.
        The forest was older than the kingdom, and the people who lived at its edge spoke of it with respect.
        To make the soup, cook the onions gently until they are soft and golden before you add the stock.
        The scientist checked the numbers again, because the result was too good to believe on the first try.
        Dragons in the old stories guard their gold, but the dragon of this valley guarded a library of books.
        When the bell rang at noon, the whole market paused for a moment and then went on louder than before.
        A small lamp burned in the window of the lighthouse, and the keeper wrote the weather in his book.
        The train left the station on time, which surprised everyone who had travelled on that line before.
        He told the story slowly, leaving long pauses, and the children leaned closer to hear every word.
        The garden was full of bees in the afternoon, and the air smelled of lavender and warm stone.
        It is worth remembering that every expert was once a beginner who did not give up.
        The road to the coast was long and dusty, but the view from the last hill made the journey worth it.
        The castle stood on a rock above the sea, and its towers were white with the salt of many storms.
        In the evening the travellers made a fire, shared their bread and talked about the road ahead.
        The weather report promised sunshine, but the clouds over the hills told a different story.
        The dragon laughed, a sound like stones rolling down a hill, and asked the travellers what they wanted.
        A careful plan is useful, but the world rarely waits for a plan to be finished before it changes.
        The merchant counted his coins twice and then smiled, because the journey had paid for itself.
        The river ran fast and clear after the rain, and the fish rose to catch the insects on its surface.
        She learned the language slowly, one word at a time, until one morning she found she was dreaming in it.
        The people of the village gathered in the square to hear the news from the capital.
        Good advice is easy to give and hard to follow, which is why it is given so often.
        The cat sat on the warm stones of the wall and watched the birds with polite interest.
        At the top of the tower there was a room full of maps, and none of them showed the same country.
        The baker was the first to wake in the village, and the smell of fresh bread woke everyone else.
        Far to the north, the snow lay deep on the mountain passes until the end of spring.
        The answer to the riddle was hidden in the question, as the answers to the best riddles always are.
        He packed a small bag with bread, cheese, a knife, a rope and a book he had read many times.
        The wind carried the sound of the bells across the water to the ships waiting outside the harbour.
        Every map is a story about a place, told by someone who wanted you to see it their way.
        The dragon had read every book in the library twice and was hoping the travellers had brought new ones.
        The lights of the city came on one by one as the sun went down behind the hills.
        A warm cup of tea and a quiet hour can solve more problems than a long and noisy meeting.
        The road turned north at the old bridge, and the travellers followed it into the hills.
        The rain stopped at last, and the whole valley shone in the light of the late afternoon.
        She smiled at the dragon, opened her bag and handed it a book it had never seen before.
        """;
}
