/** What xml2js gives with `explicitArray: false`: text, an element object, or repeated elements. */
export type XmlValue = string | XmlObject | XmlValue[]
export interface XmlObject {
  [key: string]: XmlValue | undefined
}
