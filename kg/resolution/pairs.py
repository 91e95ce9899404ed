"""The labelled mention pairs: hand-written aliasing and hard non-matches, plus generated variation.

Run `python -m kg.resolution.pairs` to rewrite `data/pairs.jsonl`; the split field is a hash of the
pair, so a pair keeps its side (train or eval) however the list grows.
"""
from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.gazetteer import Gazetteer, load_gazetteer

# One pair a line: "Type | a | b" (same type) or "TypeA/TypeB | a | b". Every pair is a true match.
MATCHES = """
StateAgency | ISPR | Inter-Services Public Relations
StateAgency | ISPR | Inter Services Public Relations
StateAgency | Pakistan's ISPR | Inter-Services Public Relations
StateAgency | GRU | Main Intelligence Directorate
StateAgency | GRU | Russian military intelligence
StateAgency | Russia's GRU | GRU
StateAgency | Russian GRU | Main Intelligence Directorate
StateAgency | G.R.U. | GRU
StateAgency | Main Directorate of the General Staff of the Armed Forces of the Russian Federation | GRU
StateAgency | FSB | Federal Security Service
StateAgency | FSB | Russian Federal Security Service
StateAgency | Russia's FSB | Federal Security Service of the Russian Federation
StateAgency | SVR | Foreign Intelligence Service of the Russian Federation
StateAgency | SVR | Russian Foreign Intelligence Service
StateAgency | Belarusian KGB | KGB of Belarus
StateAgency | Belarus KGB | KGB of Belarus
StateAgency | Belarus's KGB | Belarusian KGB
StateAgency | State Security Committee of the Republic of Belarus | Belarusian KGB
StateAgency | MSS | Ministry of State Security
StateAgency | China's Ministry of State Security | MSS
StateAgency | Chinese MSS | Ministry of State Security
StateAgency | CCP | Chinese Communist Party
StateAgency | Communist Party of China | CCP
StateAgency | Communist Party of China | Chinese Communist Party
StateAgency | UFWD | United Front Work Department
StateAgency | the United Front Work Department | UFWD
StateAgency | PLA | People's Liberation Army
StateAgency | Chinese People's Liberation Army | PLA
StateAgency | IRGC | Islamic Revolutionary Guard Corps
StateAgency | Revolutionary Guards | IRGC
StateAgency | Iran's Revolutionary Guards | Islamic Revolutionary Guard Corps
StateAgency | Islamic Revolutionary Guards Corps | IRGC
StateAgency | IRGC-QF | Quds Force
StateAgency | IRGC Quds Force | Quds Force
StateAgency | MOIS | Ministry of Intelligence and Security
StateAgency | Iranian Ministry of Intelligence | Ministry of Intelligence of Iran
StateAgency | ISI | Inter-Services Intelligence
StateAgency | Pakistan's Inter-Services Intelligence | ISI
StateAgency | RAW | Research and Analysis Wing
StateAgency | R&AW | Research and Analysis Wing
StateAgency | CIA | Central Intelligence Agency
StateAgency | the CIA | Central Intelligence Agency
StateAgency | NSA | National Security Agency
StateAgency | FBI | Federal Bureau of Investigation
StateAgency | the FBI | F.B.I.
StateAgency | DOJ | Department of Justice
StateAgency | U.S. Department of Justice | Justice Department
StateAgency | US Justice Department | DOJ
StateAgency | State Department | U.S. Department of State
StateAgency | US State Department | Department of State
StateAgency | GEC | Global Engagement Center
StateAgency | the Global Engagement Center | GEC
StateAgency | ODNI | Office of the Director of National Intelligence
StateAgency | CISA | Cybersecurity and Infrastructure Security Agency
StateAgency | OFAC | Office of Foreign Assets Control
StateAgency | Treasury Department | U.S. Treasury
StateAgency | Pentagon | Department of Defense
StateAgency | DoD | U.S. Department of Defense
StateAgency | the Pentagon | US Department of Defense
StateAgency | US Cyber Command | USCYBERCOM
StateAgency | CENTCOM | U.S. Central Command
StateAgency | GCHQ | Government Communications Headquarters
StateAgency | MI6 | Secret Intelligence Service
StateAgency | FCDO | Foreign, Commonwealth and Development Office
StateAgency | UK Foreign Office | FCDO
StateAgency | British Foreign Office | Foreign, Commonwealth & Development Office
StateAgency | BfV | Federal Office for the Protection of the Constitution
StateAgency | Bundesamt für Verfassungsschutz | BfV
StateAgency | BND | Bundesnachrichtendienst
StateAgency | DGSE | Direction générale de la sécurité extérieure
StateAgency | VIGINUM | Viginum
StateAgency | Quai d'Orsay | Ministry for Europe and Foreign Affairs
StateAgency | Russian Foreign Ministry | Ministry of Foreign Affairs of Russia
StateAgency | Russian MFA | Ministry of Foreign Affairs of the Russian Federation
StateAgency | Russia's Foreign Ministry | Russian Ministry of Foreign Affairs
StateAgency | Chinese Foreign Ministry | Ministry of Foreign Affairs of China
StateAgency | China's foreign ministry | Chinese Ministry of Foreign Affairs
StateAgency | Iranian Foreign Ministry | Ministry of Foreign Affairs of Iran
StateAgency | Ukraine's Foreign Ministry | Ministry of Foreign Affairs of Ukraine
StateAgency | Belarusian Foreign Ministry | Ministry of Foreign Affairs of Belarus
StateAgency | Israeli Foreign Ministry | Ministry of Foreign Affairs of Israel
StateAgency | Russian Defence Ministry | Ministry of Defence of Russia
StateAgency | Russian Ministry of Defense | Russian MoD
StateAgency | Russia's Ministry of Defence | Russian Defense Ministry
StateAgency | Chinese Ministry of National Defense | Ministry of National Defense of China
StateAgency | Chinese Ministry of Public Security | Ministry of Public Security of China
StateAgency | China's Ministry of Public Security | Ministry of Public Security of the People's Republic of China
StateAgency | Cyberspace Administration of China | CAC
StateAgency | China's Cyberspace Administration | Cyberspace Administration of China
StateAgency | Roskomnadzor | Roskomnadzor's
StateAgency | Russian Presidential Administration | Presidential Administration of Russia
StateAgency | Security Service of Ukraine | SBU
StateAgency | Ukraine's SBU | Security Service of Ukraine
StateAgency | HUR | Main Directorate of Intelligence of Ukraine
StateAgency | GUR | Defence Intelligence of Ukraine
StateAgency | Shin Bet | Israel Security Agency
StateAgency | Shabak | Shin Bet
StateAgency | Mossad | Israel's Mossad
StateAgency | IDF | Israel Defense Forces
StateAgency | Israeli Defence Forces | IDF
StateAgency | Unit 8200 | Israel's Unit 8200
StateAgency | Tatmadaw | Myanmar military
StateAgency | Myanmar Armed Forces | Tatmadaw
StateAgency | RGB | Reconnaissance General Bureau
StateAgency | North Korea's Reconnaissance General Bureau | RGB
StateAgency | WPK | Workers' Party of Korea
StateAgency | Egypt's General Intelligence Service | Egyptian General Intelligence Service
StateAgency | Turkish Directorate of Communications | Directorate of Communications
StateAgency | MİT | National Intelligence Organization
StateAgency | Turkish National Intelligence Organization | MIT
StateAgency | NIS | National Intelligence Service of South Korea
StateAgency | South Korea's National Intelligence Service | NIS
StateAgency | Indian Army | India's army
StateAgency | Pakistan Army | Pakistani Army
StateAgency | Russian Armed Forces | Armed Forces of the Russian Federation
StateAgency | Ukrainian Armed Forces | Armed Forces of Ukraine
StateAgency | SEBIN | Bolivarian National Intelligence Service
StateAgency | Venezuelan SEBIN | SEBIN
StateAgency | GRU Unit 26165 | Unit 26165
StateAgency | Military Unit 74455 | GRU Unit 74455
StateAgency | GRU unit 29155 | Unit 29155
StateAgency | PLA Unit 61398 | Unit 61398
StateAgency | Strategic Support Force | PLA Strategic Support Force
StateAgency | 912 Special Project Working Group | the 912 Special Project Working Group
StateAgency | Africa Corps | Russian Africa Corps
StateAgency | Center for Countering Disinformation | Centre for Countering Disinformation
StateAgency | Ukraine's Center for Countering Disinformation | CCD
StateAgency | NTF-ELCAC | National Task Force to End Local Communist Armed Conflict
StateAgency | ASIO | Australian Security Intelligence Organisation
StateAgency | CSIS | Canadian Security Intelligence Service
StateAgency | Ofcom | Office of Communications
StateAgency | USAGM | U.S. Agency for Global Media
StateAgency | White House | the White House
StateAgency | Taiwan Affairs Office | China's Taiwan Affairs Office
StateAgency | State Council Information Office | SCIO
StateAgency | Central Propaganda Department | Propaganda Department of the Chinese Communist Party
State | Russia | Russian Federation
State | Russian government | Russia
State | Russian authorities | Russian Federation
State | Chinese government | China
State | China | People's Republic of China
State | PRC | China
State | Chinese authorities | PRC
State | Iranian government | Iran
State | Islamic Republic of Iran | Iran
State | Iranian regime | Iran
State | North Korea | DPRK
State | North Korean government | Democratic People's Republic of Korea
State | South Korea | Republic of Korea
State | ROK | South Korea
State | United States | U.S.
State | US government | United States
State | USA | United States of America
State | American government | US
State | United Kingdom | UK
State | Britain | United Kingdom
State | British government | UK
State | Great Britain | Britain
State | Belarus | Republic of Belarus
State | Belarusian authorities | Belarus
State | Byelorussia | Belarus
State | Ukraine | Ukrainian government
State | Turkey | Türkiye
State | Turkish government | Turkiye
State | Myanmar | Burma
State | Myanmar government | Burma
State | Côte d'Ivoire | Ivory Coast
State | Czech Republic | Czechia
State | DR Congo | Democratic Republic of the Congo
State | DRC | DR Congo
State | Republic of the Congo | Congo-Brazzaville
State | Eswatini | Swaziland
State | North Macedonia | Macedonia
State | Saudi Arabia | Saudi government
State | KSA | Saudi Arabia
State | Saudi authorities | Kingdom of Saudi Arabia
State | UAE | United Arab Emirates
State | Emirati government | UAE
State | Egypt | Egyptian government
State | Israel | Israeli government
State | Pakistan | Pakistani government
State | India | Indian government
State | Venezuela | Venezuelan government
State | Bolivarian Republic of Venezuela | Venezuela
State | Cuba | Cuban government
State | Nicaragua | Nicaraguan government
State | Azerbaijan | Azerbaijani government
State | Vietnam | Viet Nam
State | Vietnamese government | Vietnam
State | Taiwan | Republic of China
State | Philippines | Philippine government
State | Philippine government | Republic of the Philippines
State | Thailand | Thai government
State | Ethiopia | Ethiopian government
State | Rwanda | Rwandan government
State | Serbia | Serbian government
State | Hungary | Hungarian government
State | Georgia | Georgian government
State | Moldova | Republic of Moldova
State | Syria | Syrian government
State | Syrian Arab Republic | Syria
State | Mexico | Mexican government
State | Brazil | Brazilian government
State | Nigeria | Nigerian government
State | Niger | Nigerien authorities
State | Sudan | Sudanese government
State | South Sudan | South Sudanese government
State | Mali | Malian authorities
State | Burkina Faso | Burkinabe authorities
State | Central African Republic | CAR
State | Qatar | Qatari government
State | Bahrain | Bahraini government
State | Kazakhstan | Kazakh government
State | Holy See | Vatican
Location | Kiev | Kyiv
Location | Kyiv | Kiev's
Location | Lugansk | Luhansk
Location | Donbass | Donbas
Location | Zaporozhye | Zaporizhzhia
Location | Xinjiang | Xinjiang Uyghur Autonomous Region
Location | Xinjiang | XUAR
Location | Tibet | Xizang
Location | Hong Kong | HKSAR
Location | Macao | Macau
Location | Odessa | Odesa
Location | Kharkov | Kharkiv
Location | Nikolaev | Mykolaiv
Location | Chernigov | Chernihiv
Location | Lvov | Lviv
Location | Saint Petersburg | St. Petersburg
Location | St Petersburg | Saint-Petersburg
Location | Bombay | Mumbai
Location | Peking | Beijing
Location | Rangoon | Yangon
Location | Nagorno Karabakh | Nagorno-Karabakh
Location | Kaliningrad Oblast | Kaliningrad
Location | Gaza Strip | Gaza
Location | West Bank | the West Bank
Location | Balochistan | Baluchistan
Location | Kurdistan Region | Iraqi Kurdistan
Location | Catalonia | Catalunya
Group | IRA | Internet Research Agency
Group | Russia's Internet Research Agency | Internet Research Agency
Group | Glavset | Internet Research Agency
Group | Internet Research Agency LLC | IRA
Group | Wagner Group | Wagner
Group | PMC Wagner | Wagner Group
Group | Wagner private military company | Wagner Group
Group | the Wagner Group | Wagner PMC
Group | APT28 | Fancy Bear
Group | Fancy Bear | Forest Blizzard
Group | Sofacy | APT28
Group | APT29 | Cozy Bear
Group | Midnight Blizzard | Nobelium
Group | Sandworm | Voodoo Bear
Group | APT44 | Sandworm Team
Group | Ghostwriter | UNC1151
Group | Doppelganger | Doppelgänger
Group | Doppelganger | Storm-1099
Group | RRN | Recent Reliable News
Group | Spamouflage | Dragonbridge
Group | Spamouflage Dragon | Spamouflage
Group | Storm-1376 | Spamouflage
Group | Secondary Infektion | Secondary Infection
Group | Pravda network | Portal Kombat
Group | Lazarus Group | Lazarus
Group | Lazarus | Hidden Cobra
Group | Kimsuky | Velvet Chollima
Group | Star Blizzard | COLDRIVER
Group | Cold River | ColdRiver
Group | Charming Kitten | APT35
Group | Mint Sandstorm | Charming Kitten
Group | MuddyWater | Muddy Water
Group | Turla | Venomous Bear
Group | Killnet | KillNet
Group | NoName057(16) | NoName057
Group | Islamic State | ISIS
Group | ISIL | Islamic State
Group | Daesh | ISIS
Group | Islamic State of Iraq and Syria | ISIS
Group | Al-Qaeda | al Qaida
Group | Hezbollah | Hizballah
Group | Houthis | Ansar Allah
Group | Houthi movement | Houthis
Group | Taliban | the Taliban
Group | Hamas | Hamas's
Group | BJP | Bharatiya Janata Party
Group | AKP | Justice and Development Party
Group | PTI | Pakistan Tehreek-e-Insaf
Group | TTP | Tehrik-i-Taliban Pakistan
Group | FSLN | Sandinista National Liberation Front
Group | 50 Cent Army | 50 Cent Party
Group | wumao | 50 Cent Army
Group | Volt Typhoon | Volt Typhoon's
Group | Storm-1516 | Storm 1516
Group | CopyCop | Copy Cop
Group | Cyber Army of Russia Reborn | CARR
Group | IT Army of Ukraine | IT Army
Group | Rapid Support Forces | RSF
Group | Popular Mobilization Forces | PMF
Group | Popular Mobilisation Forces | Popular Mobilization Forces
Group | Proud Boys | the Proud Boys
Group | QAnon | Q-Anon
Group | Guccifer 2.0 | Guccifer 2
Group | DCLeaks | DC Leaks
Company | Meta | Meta Platforms
Company | Facebook Inc. | Meta
Company | Facebook, Inc. | Meta Platforms, Inc.
Company | X Corp. | Twitter, Inc.
Company | X Corp | Twitter Inc.
Company | ByteDance | Bytedance Ltd
Company | Alphabet | Alphabet Inc.
Company | Google | Google LLC
Company | Microsoft | Microsoft Corp.
Company | Microsoft Corporation | Microsoft
Company | Tencent | Tencent Holdings
Company | VK Company | Mail.Ru Group
Company | Gazprom-Media | Gazprom Media Holding
Company | Cambridge Analytica | Cambridge Analytica's
Company | SCL Group | Strategic Communication Laboratories
Company | AggregateIQ | AIQ
Company | NSO Group | NSO
Company | Psy-Group | Psy Group
Company | Black Cube | BlackCube
Company | Social Design Agency | SDA
Company | Structura | Structura National Technologies
Company | Concord Management and Consulting | Concord
Company | Concord Management and Consulting LLC | Concord Management
Company | Archimedes Group | Archimedes
Company | Fazze | Fazze's
Company | Trump Media & Technology Group | TMTG
Company | DarkMatter | DarkMatter Group
Company | Shanghai Haixun Technology | Haixun
Company | Smaat | SMAAT
Company | Yandex | Yandex N.V.
Company | Apple | Apple Inc.
Company | Amazon | Amazon.com
Company | Kakao Corp | Kakao
Company | Naver Corp | Naver Corporation
Company | Baidu Inc | Baidu
Platform | Twitter | X
Platform | X (formerly Twitter) | Twitter
Platform | X | X, formerly Twitter
Platform | Facebook | facebook.com
Platform | YouTube | Youtube
Platform | TikTok | Tik Tok
Platform | VK | VKontakte
Platform | Vkontakte | VK.com
Platform | WeChat | Weixin
Platform | Telegram | Telegram's
Platform | Telegram Messenger | Telegram
Platform | Odnoklassniki | OK.ru
Platform | WhatsApp | Whatsapp
Platform | Instagram | Instagram's
Platform | Weibo | Sina Weibo
Platform | Dzen | Yandex Zen
Platform | Yandex.Zen | Dzen
Platform | LinkedIn | Linkedin
Platform | Rutube | RuTube
Platform | Reddit | reddit.com
Platform | Blogger | Blogspot
Platform | Truth Social | TruthSocial
Platform | Google Play | Google Play Store
Platform | App Store | Apple App Store
Platform | Bluesky | Blue Sky
Platform | Douyin | Douyin's
Platform | Toutiao | Jinri Toutiao
Platform | QQ | Tencent QQ
Platform | LINE | Line messenger
Platform | Kakao Talk | KakaoTalk
Platform | Viber | Rakuten Viber
Platform | Bing | Microsoft Bing
MediaOutlet | RT | Russia Today
MediaOutlet | RT | TV-Novosti
MediaOutlet | Sputnik | Sputnik News
MediaOutlet | TASS | ITAR-TASS
MediaOutlet | TASS | Russian News Agency TASS
MediaOutlet | CGTN | China Global Television Network
MediaOutlet | CCTV | China Central Television
MediaOutlet | Xinhua | Xinhua News Agency
MediaOutlet | People's Daily | Renmin Ribao
MediaOutlet | Global Times | Huanqiu Shibao
MediaOutlet | China Daily | China Daily's
MediaOutlet | Press TV | PressTV
MediaOutlet | IRIB | Islamic Republic of Iran Broadcasting
MediaOutlet | Al Jazeera | Al-Jazeera
MediaOutlet | Al Mayadeen | Al-Mayadeen
MediaOutlet | Al-Manar | Al Manar
MediaOutlet | Fars News Agency | Fars
MediaOutlet | Tasnim | Tasnim News Agency
MediaOutlet | Mehr News Agency | Mehr News
MediaOutlet | KCNA | Korean Central News Agency
MediaOutlet | Rodong Sinmun | Rodong
MediaOutlet | teleSUR | Telesur
MediaOutlet | VTV | Venezolana de Televisión
MediaOutlet | Granma | Granma's
MediaOutlet | TRT World | TRT World's
MediaOutlet | Anadolu Agency | Anadolu Ajansı
MediaOutlet | Anadolu | Anadolu Agency
MediaOutlet | BelTA | Belarusian Telegraph Agency
MediaOutlet | News Front | NewsFront
MediaOutlet | SouthFront | South Front
MediaOutlet | Strategic Culture Foundation | Strategic Culture
MediaOutlet | Global Research | Centre for Research on Globalization
MediaOutlet | New Eastern Outlook | NEO
MediaOutlet | InfoRos | Inforos
MediaOutlet | Channel One | Channel One Russia
MediaOutlet | Pervy Kanal | Channel One Russia
MediaOutlet | Rossiya 24 | Russia-24
MediaOutlet | Russia-1 | Rossiya 1
MediaOutlet | Izvestia | Izvestiya
MediaOutlet | RT en Español | RT en Espanol
MediaOutlet | RT DE | RT Deutsch
MediaOutlet | Voice of America | VOA
MediaOutlet | Radio Free Europe/Radio Liberty | RFE/RL
MediaOutlet | Radio Free Asia | RFA
MediaOutlet | Asian News International | ANI
MediaOutlet | Federal News Agency | RIA FAN
MediaOutlet | Rossiya Segodnya | MIA Rossiya Segodnya
MediaOutlet | Tsargrad | Tsargrad TV
MediaOutlet | Zvezda | TV Zvezda
MediaOutlet | Myawaddy | Myawaddy TV
MediaOutlet | MRTV | Myanma Radio and Television
MediaOutlet | WAM | Emirates News Agency
MediaOutlet | Saudi Press Agency | SPA
MediaOutlet | Al Arabiya | Al-Arabiya
MediaOutlet | Daily Sabah | Daily Sabah's
ResearchOrg | SIO | Stanford Internet Observatory
ResearchOrg | Stanford Internet Observatory | Stanford's Internet Observatory
ResearchOrg | Stanford Internet Observatory (SIO) | Stanford Internet Observatory
ResearchOrg | DFRLab | Digital Forensic Research Lab
ResearchOrg | Atlantic Council's DFRLab | DFRLab
ResearchOrg | Graphika | Graphika Inc.
ResearchOrg | ASPI | Australian Strategic Policy Institute
ResearchOrg | Citizen Lab | The Citizen Lab
ResearchOrg | ISD | Institute for Strategic Dialogue
ResearchOrg | EU DisinfoLab | EU Disinfo Lab
ResearchOrg | Mandiant | Mandiant's
ResearchOrg | Insikt Group | Insikt
ResearchOrg | Alliance for Securing Democracy | ASD
ResearchOrg | Clemson University Media Forensics Hub | Media Forensics Hub
ResearchOrg | Microsoft Threat Analysis Center | MTAC
ResearchOrg | Threat Analysis Group | TAG
ResearchOrg | Google's Threat Analysis Group | Threat Analysis Group
ResearchOrg | Bellingcat | bellingcat
ResearchOrg | NewsGuard | Newsguard
ResearchOrg | Alethea | Alethea Group
ResearchOrg | CheckFirst | Check First
ResearchOrg | Reset.tech | Reset Tech
ResearchOrg | Doublethink Lab | DoubleThink Lab
ResearchOrg | Taiwan FactCheck Center | TFC
ResearchOrg | EUvsDisinfo | EU vs Disinfo
ResearchOrg | Oxford Internet Institute | OII
Organization | East StratCom Task Force | East StratCom
Organization | NATO StratCom COE | NATO Strategic Communications Centre of Excellence
Organization | Russkiy Mir Foundation | Russky Mir Foundation
Organization | Russkiy Mir | Russkiy Mir Foundation
Organization | NATO | North Atlantic Treaty Organization
Organization | EU | European Union
Organization | European Commission | EU Commission
Organization | UN | United Nations
Organization | United Nations | U.N.
Organization | OSCE | Organization for Security and Co-operation in Europe
Organization | WHO | World Health Organization
Organization | Russian Orthodox Church | Moscow Patriarchate
Person | Yevgeny Prigozhin | Prigozhin
Person | Yevgeny Prigozhin | Evgeny Prigozhin
Person | Prigozhin | Prigojine
Person | Evgueni Prigojine | Yevgeny Prigozhin
Person | Alexander Lukashenko | Lukashenka
Person | Aliaksandr Lukashenka | Alexander Lukashenko
Person | Lukashenko | President Lukashenko
Person | Vladimir Putin | Putin
Person | Putin | President Vladimir Putin
Person | Xi Jinping | Xi
Person | President Xi | Xi Jinping
Person | Kim Jong Un | Kim Jong-un
Person | Kim Jong Un | Kim Jong-Un's
Person | Sergey Lavrov | Sergei Lavrov
Person | Lavrov | Sergey Lavrov
Person | Maria Zakharova | Mariya Zakharova
Person | Dmitry Peskov | Dmitri Peskov
Person | Dmitry Medvedev | Dmitrii Medvedev
Person | Margarita Simonyan | Simonyan
Person | Volodymyr Zelensky | Volodymyr Zelenskyy
Person | Zelenskiy | Zelensky
Person | Ali Khamenei | Ayatollah Ali Khamenei
Person | Khamenei | Ali Khamenei
Person | Recep Tayyip Erdogan | Erdoğan
Person | Narendra Modi | Modi
Person | Imran Khan | Imran Khan's
Person | Nicolas Maduro | Nicolás Maduro
Person | Daniel Ortega | Ortega
Person | Viktor Orban | Viktor Orbán
Person | Aleksandr Dugin | Alexander Dugin
Person | Konstantin Malofeev | Konstantin Malofeyev
Person | Ilan Shor | Ilan Șor
Person | Kim Yo Jong | Kim Yo-jong
Person | Xi Jinping | Xi Jin-ping
Person | Muammar Gaddafi | Moammar Qadhafi
Person | Bashar al-Assad | Assad
Person | Bashar al-Assad | Bashar Assad
Person | Hassan Nasrallah | Nasrallah
Person | Abdel Fattah el-Sisi | Sisi
Person | Mohammed bin Salman | MBS
Person | Mohammed bin Salman | Mohammad bin Salman
Person | Vyacheslav Volodin | Volodin
Person | Nikolai Patrushev | Patrushev
Person | Sergei Shoigu | Sergey Shoygu
Person | Alexei Navalny | Aleksei Navalny
Person | Ramzan Kadyrov | Kadyrov
Person | Dmitry Utkin | Utkin
Person | Wang Yi | Wang Yi's
Person | Zhao Lijian | Zhao Lijian's
Person | Hua Chunying | Hua Chun-ying
Channel | WarGonzo | War Gonzo
Channel | Intel Slava Z | Intel Slava
Channel | Indian army Lovers | Indian Army Lovers
Channel | Readovka | @readovka
Channel | Two Majors | Dva Mayora
Channel | Reverse Side of the Medal | RSOTM
Channel | Solovyov Live | SolovievLive
Channel | Rybar | @rybar
"""

# True non-matches. The first block is the hard cases: same or similar names, different entities.
HARD_NON_MATCHES = """
Company/Platform | Meta | Facebook
State/Organization | Russia | Russian Orthodox Church
Group/State | Islamic State | Islamic Republic of Iran
Group/Person | Wagner Group | Richard Wagner
StateAgency/Location | GRU | GRU Airport
StateAgency/Channel | Indian Army | Indian army Lovers
Company/Platform | Google | YouTube
Company/Platform | ByteDance | TikTok
Platform/Company | Twitter | Twitter, Inc.
Platform/Company | X | X Corp.
Platform/Company | Facebook | Facebook Inc.
Platform/Company | Telegram | Telegram FZ-LLC
Platform/Company | VK | VK Company
Company/Platform | Meta | Instagram
State/Location | Georgia | Georgia
StateAgency/ResearchOrg | CSIS | CSIS
MediaOutlet/State | RT | Russia
State/Organization | ROC | ROC
Company | Google | Alphabet
Company | Gazprom | Gazprom-Media
Company | Weibo Corporation | Sina Corporation
Company | New Waves | Newave
Company | SCL Group | NSO Group
Company | Psy-Group | SCL Group
Company | Archimedes Group | Srivastava Group
Company | Patriot Media Group | MBC Group
Company | Social Design Agency | Structura
Company | Concord Management and Consulting | Concord Catering
Company | Spotify Technology | Shanghai Haixun Technology
Company | Discord Inc. | Patreon Inc.
Company | VK Company | VNG Corporation
Company | Snap Inc. | Substack Inc.
Company | Reddit, Inc. | Rumble Inc.
Company | Kakao | Naver
State | North Korea | South Korea
State | DPRK | ROK
State | Republic of Korea | Democratic People's Republic of Korea
State | North Korean government | South Korean government
State | Republic of the Congo | DR Congo
State | Congo-Brazzaville | Congo-Kinshasa
State | Republic of Congo | Democratic Republic of Congo
State | Guinea | Guinea-Bissau
State | Guinea | Equatorial Guinea
State | Guinea-Bissau | Equatorial Guinea
State | Papua New Guinea | Guinea
State | Niger | Nigeria
State | Nigerien government | Nigerian government
State | Sudan | South Sudan
State | Sudanese government | South Sudanese government
State | Dominica | Dominican Republic
State | Austria | Australia
State | Austrian government | Australian government
State | Iran | Iraq
State | Iranian government | Iraqi government
State | Republic of China | People's Republic of China
State | Slovakia | Slovenia
State | Mali | Malawi
State | Gambia | Zambia
State | Iceland | Ireland
State | Serbia | Syria
State | Libya | Liberia
State | Mauritania | Mauritius
State | Switzerland | Swaziland
State | Kazakhstan | Kyrgyzstan
State | Uzbekistan | Tajikistan
State | Czech Republic | Slovak Republic
State | Dominican Republic | Central African Republic
State | Republic of Moldova | Republic of Korea
StateAgency | FSB | SVR
StateAgency | Russian FSB | Russian SVR
StateAgency | Federal Security Service | Foreign Intelligence Service
StateAgency | GRU | FSB
StateAgency | GRU Unit 26165 | GRU Unit 74455
StateAgency | Unit 26165 | Unit 29155
StateAgency | GRU | GRU Unit 29155
StateAgency | Ministry of Foreign Affairs of Russia | Ministry of Foreign Affairs of China
StateAgency | Russian Foreign Ministry | Chinese Foreign Ministry
StateAgency | Russian Foreign Ministry | Russian Defence Ministry
StateAgency | Ministry of Defence of Russia | Ministry of Defence of the United Kingdom
StateAgency | Ministry of Public Security of China | Ministry of State Security
StateAgency | MSS | MPS
StateAgency | Indian Army | Pakistan Army
StateAgency | Indian Army | Indian Armed Forces
StateAgency | Armed Forces of Ukraine | Armed Forces of the Russian Federation
StateAgency | KGB of Belarus | Soviet KGB
StateAgency | Belarusian KGB | Russian FSB
StateAgency | US Army | US Armed Forces
StateAgency | US Cyber Command | US Central Command
StateAgency | Department of Justice | Department of Defense
StateAgency | Department of the Treasury | Department of Defense
StateAgency | DHS | DOJ
StateAgency | MI5 | MI6
StateAgency | DGSE | DGSI
StateAgency | BfV | BND
StateAgency | ISI | ISPR
StateAgency | Inter-Services Intelligence | Inter-Services Public Relations
StateAgency | IRGC | IRGC Quds Force
StateAgency | IRGC | Basij
StateAgency | PLA | PLA Strategic Support Force
StateAgency | PLA Strategic Support Force | PLA Information Support Force
StateAgency | National Intelligence Service | National Intelligence Organization
StateAgency | National Security Agency | National Security Bureau of Taiwan
StateAgency | Security Service of Ukraine | State Security Service of Azerbaijan
StateAgency | Ministry of Public Security of Vietnam | Ministry of Public Security of China
StateAgency | Ministry of Foreign Affairs of Iran | Ministry of Intelligence of Iran
StateAgency | Cyberspace Administration of China | State Council Information Office
StateAgency | Central Propaganda Department | United Front Work Department
StateAgency | FBI | FBI's Foreign Influence Task Force
StateAgency | ODNI | Foreign Malign Influence Center
StateAgency | GCHQ | National Cyber Security Centre
StateAgency | Presidential Administration of Russia | Security Council of Russia
StateAgency | British Army | 77th Brigade
StateAgency | US Army | British Army
StateAgency | Royal Thai Army | Indian Army
StateAgency | Israel Defense Forces | Unit 8200
StateAgency | Egyptian Armed Forces | Egyptian General Intelligence Service
Group | APT28 | APT29
Group | Fancy Bear | Cozy Bear
Group | APT31 | APT41
Group | APT33 | APT34
Group | APT34 | APT35
Group | Storm-1516 | Storm-1679
Group | Storm-1099 | Storm-1376
Group | Midnight Blizzard | Star Blizzard
Group | Forest Blizzard | Midnight Blizzard
Group | Secret Blizzard | Seashell Blizzard
Group | Volt Typhoon | Salt Typhoon
Group | Flax Typhoon | Volt Typhoon
Group | Mint Sandstorm | Peach Sandstorm
Group | Cotton Sandstorm | Mint Sandstorm
Group | Charming Kitten | Refined Kitten
Group | Primitive Bear | Venomous Bear
Group | Islamic State | al-Qaeda
Group | Hezbollah | Kataib Hezbollah
Group | Taliban | Tehrik-i-Taliban Pakistan
Group | Pakistan Tehreek-e-Insaf | Tehreek-e-Taliban Pakistan
Group | Indian National Congress | Bharatiya Janata Party
Group | Internet Research Agency | Project Lakhta
Group | Doppelganger | Pravda network
Group | Spamouflage | Paperwall
Group | Lazarus Group | Kimsuky
Group | Cyber Army of Russia Reborn | IT Army of Ukraine
Group | Killnet | NoName057(16)
Group | Ghostwriter | Secondary Infektion
Group | Serbian Progressive Party | Shor Party
Platform | Facebook | Facebook Messenger
Platform | Google Search | Google Play
Platform | Instagram | Threads
Platform | TikTok | Douyin
Platform | VK | OK.ru
Platform | Telegram | Signal
Platform | Twitter | Twitch
Platform | LINE | LinkedIn
Platform | WeChat | Weibo
Platform | Baidu Tieba | Bilibili
Platform | Rumble | Reddit
Platform | Discord | Dzen
Platform | Zalo | Zhihu
Platform | Kuaishou | Toutiao
MediaOutlet | RT | RT France
MediaOutlet | RT Arabic | RT DE
MediaOutlet | RT en Español | RT France
MediaOutlet | Russia-1 | Rossiya 24
MediaOutlet | CCTV | CGTN
MediaOutlet | CCTV | CCTV News
MediaOutlet | China Daily | China News Service
MediaOutlet | People's Daily | Global Times
MediaOutlet | Press TV | HispanTV
MediaOutlet | Al-Alam | Al Arabiya
MediaOutlet | Al Jazeera | Al Arabiya
MediaOutlet | Al Mayadeen | Al-Manar
MediaOutlet | Fars News Agency | Mehr News Agency
MediaOutlet | Tasnim News Agency | Fars News Agency
MediaOutlet | Sputnik | RIA Novosti
MediaOutlet | Rossiya Segodnya | Rossiyskaya Gazeta
MediaOutlet | Radio Free Europe | Radio Free Asia
MediaOutlet | Voice of America | Voice of Europe
MediaOutlet | Voice of Korea | Voice of America
MediaOutlet | News Front | SouthFront
MediaOutlet | TRT | TRT World
MediaOutlet | Channel One Russia | NTV
MediaOutlet | Izvestia | Kommersant
MediaOutlet | Saudi Press Agency | Al Ekhbariya
MediaOutlet | Emirates News Agency | Anadolu Agency
MediaOutlet | Middle East News Agency | Emirates News Agency
MediaOutlet | Vietnam News Agency | Xinhua News Agency
MediaOutlet/Group | Komsomolskaya Pravda | Pravda network
Location | Donetsk | Luhansk
Location | Kherson | Kharkiv
Location | Belgorod | Belgrade
Location | Washington State | Washington, D.C.
Location | Indian Punjab | Pakistani Punjab
Location/State | Inner Mongolia | Mongolia
Location/State | Northern Ireland | Ireland
Location/State | New Guinea | Guinea
Person | Kim Jong Un | Kim Jong Il
Person | Kim Jong Un | Kim Yo Jong
Person | Kim Jong Il | Kim Il Sung
Person | Kim Jong Un | Kim Jong Nam
Person | Xi Jinping | Xi Mingze
Person | Dmitry Medvedev | Dmitry Peskov
Person | Sergey Lavrov | Sergey Shoigu
Person | Alexander Lukashenko | Alexander Dugin
Person | Viktor Orbán | Viktor Medvedchuk
Person | Vladimir Putin | Vladimir Solovyov
Person | Yevgeny Prigozhin | Yevgeny Primakov
Person | Ali Khamenei | Ali Larijani
Person | Imran Khan | Sadiq Khan
Person | Hua Chunying | Zhao Lijian
Person | Wang Yi | Wang Wenbin
Person | Donald Trump | Donald Trump Jr.
Person | Hunter Biden | Joe Biden
Person | Raúl Castro | Fidel Castro
Person | Ramzan Kadyrov | Akhmad Kadyrov
Person | Bashar al-Assad | Hafez al-Assad
Person | Ilham Aliyev | Heydar Aliyev
Channel | WarGonzo | Grey Zone
Channel | Two Majors | Military Informant
ResearchOrg | SIO | ISD
ResearchOrg | Stanford Internet Observatory | Oxford Internet Institute
ResearchOrg | Citizen Lab | Citizen Evidence Lab
ResearchOrg | Recorded Future | Recorded Future News
ResearchOrg | Alliance for Securing Democracy | Australian Strategic Policy Institute
ResearchOrg | Insikt Group | Graphika
ResearchOrg | Google Threat Analysis Group | Microsoft Threat Analysis Center
ResearchOrg | Mandiant | Microsoft Threat Intelligence
Organization | NATO | NATO StratCom COE
Organization/ResearchOrg | EU | EU DisinfoLab
Organization | UN | UNESCO
Organization | Russian Orthodox Church | Ukrainian Orthodox Church
Organization | Russkiy Mir Foundation | Gorchakov Fund
Organization | European Commission | European Council
Organization | Council of Europe | European Council
"""

# Hand-written typos seen in scraped text: still the same entity.
TYPOS = """
Group | Internet Research Agency | Internet Reserch Agency
Group | Spamouflage | Spamoflage
Group | Doppelganger | Doppleganger
Group | Ghostwriter | Ghost Writer
MediaOutlet | Xinhua | Xinuha
MediaOutlet | Global Times | Gloabl Times
StateAgency | Islamic Revolutionary Guard Corps | Islamic Revolutionary Gaurd Corps
StateAgency | Cyberspace Administration of China | Cyberspace Adminstration of China
Company | Cambridge Analytica | Cambrige Analytica
Platform | Telegram | Telegramm
Person | Yevgeny Prigozhin | Yevgeny Prigozin
Person | Margarita Simonyan | Margarita Simonian
ResearchOrg | Stanford Internet Observatory | Standford Internet Observatory
ResearchOrg | Digital Forensic Research Lab | Digital Forensics Research Lab
"""

# Context for pairs that need it: the entity keys co-occurring in the document.
CONTEXT = {
    "Russian Foreign Ministry": ["russia"], "Chinese Foreign Ministry": ["china"],
    "Belarusian KGB": ["belarus", "lukashenko"], "Russian GRU": ["russia", "apt28"],
    "Ministry of State Security": ["china"], "Internet Research Agency": ["russia"],
    "IRA": ["russia", "facebook"], "SIO": ["twitter"], "Stanford Internet Observatory": ["twitter"],
}


def _rows(block: str) -> Iterator[tuple[str, str, str, str]]:
    for line in block.strip().splitlines():
        t, a, b = (p.strip() for p in line.split("|"))
        ta, _, tb = t.partition("/")
        yield ta, tb or ta, a, b


def _side(name: str, type_: str) -> dict[str, Any]:
    return {"name": name, "type": type_, "state": "", "context": CONTEXT.get(name, [])}


def _pair(a: dict[str, Any], b: dict[str, Any], match: bool, note: str, hard: bool) -> dict[str, Any]:
    return {"a": a, "b": b, "match": match, "note": note, "hard": hard}


def _variants(label: str, rng: random.Random) -> list[str]:
    """Surface variation that keeps the referent: case, "the", possessive, punctuation."""
    out = [label.upper() if len(label) > 4 else label.lower(), f"the {label}", f"{label}'s",
           label.replace("-", " ").replace(".", ""), f"{label}\u2019s"]
    return [v for v in rng.sample(out, 2) if v != label]


def generated(gazetteer: Gazetteer, seed: int = 7) -> Iterator[dict[str, Any]]:
    """Variation of gazetteer names (matches) and same-type entries sharing a word (non-matches)."""
    rng = random.Random(seed)
    entries = sorted(gazetteer.entries.values(), key=lambda e: e.key)
    for e in rng.sample([e for e in entries if e.type != "Location"], 60):
        for v in _variants(e.label, rng)[:1]:
            yield _pair(_side(e.label, e.type), _side(v, e.type), True, f"generated variant of {e.key}", False)
    by_word: dict[tuple[str, str], list[str]] = {}
    for e in entries:
        for w in set(e.label.lower().replace("-", " ").split()):
            if len(w) > 3 and e.type != "Location":
                by_word.setdefault((e.type, w), []).append(e.label)
    groups = sorted((k, v) for k, v in by_word.items() if len(set(v)) > 1)
    for (type_, word), labels in rng.sample(groups, min(90, len(groups))):
        a, b = rng.sample(sorted(set(labels)), 2)
        yield _pair(_side(a, type_), _side(b, type_), False, f"distinct entries sharing '{word}'", False)


def all_pairs(gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """Every labelled pair, with its split; deduplicated on (a, b, types)."""
    pairs: list[dict[str, Any]] = []
    for ta, tb, a, b in _rows(MATCHES):
        pairs.append(_pair(_side(a, ta), _side(b, tb), True, "alias", False))
    for ta, tb, a, b in _rows(TYPOS):
        pairs.append(_pair(_side(a, ta), _side(b, tb), True, "typo", False))
    for ta, tb, a, b in _rows(HARD_NON_MATCHES):
        pairs.append(_pair(_side(a, ta), _side(b, tb), False, "hard non-match", True))
    pairs.extend(generated(gazetteer))
    seen: set[str] = set()
    out = []
    for p in pairs:
        ident = json.dumps([p["a"]["name"], p["a"]["type"], p["b"]["name"], p["b"]["type"]])
        if ident in seen:
            continue
        seen.add(ident)
        p["split"] = "eval" if int(hashlib.sha1(ident.encode()).hexdigest(), 16) % 5 == 0 else "train"
        out.append(p)
    return out


def read_pairs(path: Path, split: str | None = None) -> list[dict[str, Any]]:
    """Pairs from a JSONL file, optionally one split only."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split is None or r.get("split") == split]


def write_pairs(path: Path, pairs: list[dict[str, Any]]) -> None:
    """One JSON object a line."""
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")


if __name__ == "__main__":
    target = Path(__file__).parent / "data" / "pairs.jsonl"
    ps = all_pairs(load_gazetteer())
    write_pairs(target, ps)
    n_eval = sum(p["split"] == "eval" for p in ps)
    print(f"{len(ps)} pairs ({sum(p['match'] for p in ps)} matches), {n_eval} held apart -> {target}")
