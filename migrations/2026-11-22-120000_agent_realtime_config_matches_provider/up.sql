-- Data only: the schema is unchanged.
--
-- Agents saved before Loquent checked that an agent's model and voice belong to its provider may
-- hold another provider's (a Gemini agent left with gpt-realtime and marin), which that provider
-- cannot use. Each such model or voice becomes its provider's default, the one a new agent of
-- that provider starts with, so every agent passes the check when next saved. A model or voice
-- that is the provider's own is kept. The families and voice lists are those of
-- loquent_shared::agent::provider when this migration was written.

UPDATE agent
   SET realtime_config = jsonb_set(realtime_config, '{model}', '"gpt-realtime"'),
       updated_at = now()
 WHERE realtime_config->>'provider' = 'openai'
   AND NOT (starts_with(realtime_config->>'model', 'gpt-')
            AND strpos(realtime_config->>'model', 'realtime') > 0);

UPDATE agent
   SET realtime_config = jsonb_set(realtime_config, '{voice}', '"marin"'),
       updated_at = now()
 WHERE realtime_config->>'provider' = 'openai'
   AND realtime_config->>'voice' NOT IN
       ('alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar');

UPDATE agent
   SET realtime_config =
           jsonb_set(realtime_config, '{model}', '"gemini-2.5-flash-native-audio-preview-09-2025"'),
       updated_at = now()
 WHERE realtime_config->>'provider' = 'gemini'
   AND NOT (starts_with(realtime_config->>'model', 'gemini-')
            OR starts_with(realtime_config->>'model', 'models/gemini-'));

UPDATE agent
   SET realtime_config = jsonb_set(realtime_config, '{voice}', '"Puck"'),
       updated_at = now()
 WHERE realtime_config->>'provider' = 'gemini'
   AND realtime_config->>'voice' NOT IN
       ('Zephyr', 'Puck', 'Charon', 'Kore', 'Fenrir', 'Leda', 'Orus', 'Aoede', 'Callirrhoe',
        'Autonoe', 'Enceladus', 'Iapetus', 'Umbriel', 'Algieba', 'Despina', 'Erinome', 'Algenib',
        'Rasalgethi', 'Laomedeia', 'Achernar', 'Alnilam', 'Schedar', 'Gacrux', 'Pulcherrima',
        'Achird', 'Zubenelgenubi', 'Vindemiatrix', 'Sadachbia', 'Sadaltager', 'Sulafat');
